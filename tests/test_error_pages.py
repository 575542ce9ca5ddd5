"""The project's own 400 and 403 pages: in the reader's language and layout, with a way on."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views.defaults import bad_request, permission_denied

from accounts.roles import VIEWER
from tests.factories import OrderFactory


def _heading(response) -> str:
    page = response.content.decode()
    return page[page.index("<h1>") + 4 : page.index("</h1>")]


@pytest.mark.parametrize(("language", "title"), [("en", "Not allowed"), ("tr", "İzin verilmiyor")])
def test_staff_opening_the_store_get_the_projects_own_403_leading_to_omnitron(client, owner, language, title):
    owner.preferred_language = language
    owner.save(update_fields=["preferred_language"])
    client.force_login(owner)
    response = client.get(reverse("store:order_list"))
    page = response.content.decode()
    assert response.status_code == 403
    assert _heading(response) == title
    assert f'<html lang="{language}">' in page
    assert 'class="language-switch"' in page
    assert f'href="{reverse("admin:index")}"' in page
    assert "The store is for customers" not in page  # the exception's text is for the log, not the reader


def test_a_sellers_staff_opening_the_store_are_led_to_seller_center(client, seller, seller_user):
    client.force_login(seller_user)
    response = client.get(reverse("store:order_list"))
    assert response.status_code == 403
    assert f'href="{reverse("seller:index")}"' in response.content.decode()
    assert f'href="{reverse("admin:index")}"' not in response.content.decode()


def test_a_viewer_refused_a_change_in_omnitron_reads_why_in_turkish(client, staff_in, customer):
    viewer = staff_in(VIEWER)
    viewer.preferred_language = "tr"
    viewer.save(update_fields=["preferred_language"])
    client.force_login(viewer)
    order = OrderFactory(customer=customer)
    response = client.post(reverse("admin:orders_order_change", args=[order.pk]))
    assert response.status_code == 403
    assert _heading(response) == "İzin verilmiyor"
    assert "yönetici" in response.content.decode()  # ask an administrator for the role
    assert f'href="{reverse("admin:index")}"' in response.content.decode()


def test_a_customer_refused_is_led_back_to_my_orders(rf, customer):
    request = rf.get("/")
    request.user = customer
    page = permission_denied(request, PermissionDenied("no")).content.decode()
    assert f'href="{reverse("home")}"' in page
    assert "Omnitron" not in page.split("</header>")[1]


@pytest.mark.parametrize(
    ("language", "title"), [("en", "This address cannot be shown"), ("tr", "Bu adres gösterilemiyor")]
)
def test_the_400_page_renders_without_a_request_context_in_the_layout(language, title):
    with translation.override(language):
        response = bad_request(RequestFactory().get("/"), ValueError())
    page = response.content.decode()
    assert response.status_code == 400
    assert _heading(response) == title
    assert f'<html lang="{language}">' in page
    assert 'class="site-header"' in page


def test_a_filter_omnitron_cannot_use_gets_the_projects_400_page_in_the_readers_language(client, owner):
    owner.preferred_language = "tr"
    owner.save(update_fields=["preferred_language"])
    client.force_login(owner)
    response = client.get(reverse("admin:orders_order_changelist"), {"no_such_field": "1"})
    assert response.status_code == 400
    assert _heading(response) == "Bu adres gösterilemiyor"
    assert "Bad Request" not in response.content.decode()


def test_bad_input_under_debug_gets_the_400_page_not_djangos_technical_page(client, owner, settings):
    settings.DEBUG = True  # as the demo runs
    client.force_login(owner)
    response = client.get(reverse("admin:orders_order_changelist"), {"no_such_field": "1"})
    page = response.content.decode()
    assert response.status_code == 400
    assert _heading(response) == "This address cannot be shown"
    assert "DJANGO_SETTINGS_MODULE" not in page
    assert "Traceback" not in page


def test_a_missing_page_in_seller_center_leads_its_staff_back_to_seller_center(client, seller, seller_user):
    client.force_login(seller_user)
    response = client.get("/seller/no-such-page/")
    assert response.status_code == 404
    assert f'href="{reverse("seller:index")}"' in response.content.decode()


def test_staff_on_an_error_page_are_not_offered_my_orders(client, owner):
    client.force_login(owner)
    header = client.get(reverse("store:order_list")).content.decode().split("</header>")[0]
    assert f'href="{reverse("store:order_list")}"' not in header


@pytest.mark.parametrize(("language", "title"), [("en", "This form has expired"), ("tr", "Bu formun süresi doldu")])
def test_a_form_sent_without_its_token_gets_the_projects_page_in_the_readers_language(customer, language, title):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    customer.preferred_language = language
    customer.save(update_fields=["preferred_language"])
    client.force_login(customer)
    order = OrderFactory(customer=customer)
    response = client.post(reverse("store:order_detail", args=[order.number]), {})
    page = response.content.decode()
    assert response.status_code == 403
    assert _heading(response) == title
    assert "Reason given for failure" not in page
    assert f'href="{reverse("home")}"' in page
