"""Every back-office page's sidebar and index list the apps and models Django lists for the user,
in the user's language, however many pages were shown before and to whom."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from accounts.roles import MANAGER, VIEWER
from backoffice.omnitron.site import owner_site
from backoffice.seller_center.site import seller_site

pytestmark = pytest.mark.django_db


def models_listed(apps) -> list[tuple[str, str, str | None]]:
    return [(str(app["name"]), str(model["name"]), model["admin_url"]) for app in apps for model in app["models"]]


def without_analytics(listed, site=owner_site):
    analytics = reverse(f"{site.name}:returns_analytics")
    return [entry for entry in listed if entry[2] != analytics]


def request_of(user, path="/admin/"):
    request = RequestFactory().get(path)
    request.user = user
    return request


@pytest.mark.parametrize("language", ["en", "tr"])
@pytest.mark.parametrize("role", [None, VIEWER, MANAGER])
def test_omnitrons_sidebar_lists_the_models_django_lists_for_each_role_in_each_language(staff_in, role, language):
    user = staff_in(role)
    with translation.override(language):
        for _page in range(2):
            listed = models_listed(owner_site.get_app_list(request_of(user)))
            djangos = models_listed(admin.AdminSite.get_app_list(owner_site, request_of(user)))
            assert without_analytics(listed) == djangos


def test_a_staff_member_given_a_permission_sees_its_model_on_their_next_page(staff_in):
    user = staff_in(None)
    changelist = reverse("admin:orders_order_changelist")
    assert changelist not in [entry[2] for entry in models_listed(owner_site.get_app_list(request_of(user)))]
    user.user_permissions.add(Permission.objects.get(codename="view_order"))
    user = type(user).objects.get(pk=user.pk)  # the next request reads the user again
    assert changelist in [entry[2] for entry in models_listed(owner_site.get_app_list(request_of(user)))]


def test_two_staff_members_with_different_roles_each_see_their_own_models(staff_in):
    viewer, manager = staff_in(VIEWER), staff_in(MANAGER, username="staff-manager-two")
    manager_sees = models_listed(owner_site.get_app_list(request_of(manager)))
    viewer_sees = models_listed(owner_site.get_app_list(request_of(viewer)))
    assert without_analytics(viewer_sees) == models_listed(admin.AdminSite.get_app_list(owner_site, request_of(viewer)))
    assert manager_sees != viewer_sees


def test_a_page_that_changes_its_app_list_leaves_the_next_pages_list_alone(owner):
    first = owner_site.get_app_list(request_of(owner))
    expected = models_listed(first)
    first[0]["models"].clear()
    first[0]["name"] = "changed"
    first.pop()
    assert models_listed(owner_site.get_app_list(request_of(owner))) == expected


@pytest.mark.parametrize("language", ["en", "tr"])
def test_seller_centers_sidebar_lists_the_models_django_lists_and_analytics(seller, seller_user, language):
    with translation.override(language):
        for _page in range(2):
            listed = models_listed(seller_site.get_app_list(request_of(seller_user, "/seller/")))
            djangos = models_listed(admin.AdminSite.get_app_list(seller_site, request_of(seller_user, "/seller/")))
            assert without_analytics(listed, seller_site) == djangos
            assert reverse("seller:returns_analytics") in [entry[2] for entry in listed]


def test_the_index_of_one_app_lists_only_that_apps_models(owner_client):
    page = owner_client.get(reverse("admin:app_list", args=["orders"]))
    assert [app["app_label"] for app in page.context["app_list"]] == ["orders"]
    assert len(page.context["available_apps"]) > 1


def test_a_seller_members_django_permissions_change_nothing_in_seller_centers_sidebar(seller, seller_user):
    before = models_listed(admin.AdminSite.get_app_list(seller_site, request_of(seller_user, "/seller/")))
    seller_user.user_permissions.add(*Permission.objects.all())
    seller_user = type(seller_user).objects.get(pk=seller_user.pk)
    assert models_listed(admin.AdminSite.get_app_list(seller_site, request_of(seller_user, "/seller/"))) == before
    assert (
        without_analytics(models_listed(seller_site.get_app_list(request_of(seller_user, "/seller/"))), seller_site)
        == before
    )
