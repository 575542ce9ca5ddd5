"""What every back-office list draws per row is Django's own: the row's checkbox and the empty cell."""

from urllib.parse import urlencode

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import translation

from backoffice.omnitron.site import owner_site
from backoffice.seller_center.site import seller_site
from returns.models import CancellationPlan, CancellationRequest
from tests.factories import CancellationPlanFactory, CancellationRequestFactory, OrderFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["en", "tr"])
@pytest.mark.parametrize(
    ("site", "model", "factory"),
    [
        (owner_site, CancellationRequest, CancellationRequestFactory),
        (owner_site, CancellationPlan, CancellationPlanFactory),
        (seller_site, CancellationRequest, CancellationRequestFactory),
    ],
)
def test_a_rows_checkbox_is_the_one_django_draws_in_the_readers_language(site, model, factory, language):
    obj = factory()
    model_admin = site.get_model_admin(model)
    with translation.override(language):
        assert model_admin.action_checkbox(obj) == admin.ModelAdmin.action_checkbox(model_admin, obj)


def test_the_requests_list_has_the_select_all_box_and_a_checkbox_per_row(owner_client):
    request = CancellationRequestFactory()
    page = owner_client.get(reverse("admin:returns_cancellationrequest_changelist")).content.decode()
    assert 'id="action-toggle"' in page
    assert f'name="_selected_action" value="{request.pk}" class="action-select"' in page


def test_an_empty_cell_shows_the_sites_empty_value():
    for model_admin in (
        owner_site.get_model_admin(CancellationRequest),
        seller_site.get_model_admin(CancellationRequest),
    ):
        assert model_admin.get_empty_value_display() == model_admin.admin_site.empty_value_display


def test_a_search_that_finds_few_orders_counts_them_exactly(owner_client):
    OrderFactory(number="Q-7001")
    OrderFactory(number="Q-7002")
    OrderFactory(number="R-8000")
    page = owner_client.get(reverse("admin:orders_order_changelist"), {"q": "Q-700"}).content.decode()
    assert "2 results" in page


@pytest.mark.parametrize(
    ("changelist", "query", "factory"),
    [
        ("admin:orders_order_changelist", {"q": "Q-7001"}, lambda: OrderFactory(number="Q-7001")),
        ("admin:returns_cancellationrequest_changelist", {"status__exact": "waiting"}, CancellationRequestFactory),
        ("admin:returns_cancellationplan_changelist", {"o": "1"}, CancellationPlanFactory),
    ],
)
def test_a_searched_or_filtered_lists_row_links_to_its_page_keeping_the_search(
    owner_client, changelist, query, factory
):
    obj = factory()
    page = owner_client.get(reverse(changelist), query).content.decode()
    change = reverse(changelist.replace("_changelist", "_change"), args=[obj.pk])
    assert f'<a href="{change}?{urlencode({"_changelist_filters": urlencode(query)})}">' in page


def test_an_unfiltered_lists_row_links_to_its_page_alone(owner_client):
    order = OrderFactory()
    page = owner_client.get(reverse("admin:orders_order_changelist")).content.decode()
    assert f'<a href="{reverse("admin:orders_order_change", args=[order.pk])}">' in page
