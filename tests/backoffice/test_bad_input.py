"""Bad input to the back offices is a 400 or a 404 and changes nothing (SPEC rule 16)."""

import pytest
from django.urls import reverse
from django_fsm_log.models import StateLog

from backoffice.omnitron.site import owner_site
from backoffice.seller_center.site import seller_site
from returns.models import CancellationRequest
from returns.services import RequestLine, cancellation_request_create
from tests.factories import OrderFactory, ProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting_returns(customer, seller, other_seller, return_reason):
    order = OrderFactory(
        customer=customer,
        with_items=[(ProductFactory(seller=seller), 1), (ProductFactory(seller=other_seller), 1)],
        delivered=True,
    )
    return cancellation_request_create(
        order_id=order.pk,
        lines=[RequestLine(item_id=i.pk, quantity=1, reason_id=return_reason.pk) for i in order.items.all()],
        requested_by=customer,
    )


def _rows():
    return list(CancellationRequest.objects.order_by("pk").values_list("pk", "status")), StateLog.objects.count()


@pytest.mark.parametrize("url", ["admin:orders_order_changelist", "admin:returns_cancellationrequest_changelist"])
@pytest.mark.parametrize("value", ["abc", "1.5", "١"])
def test_a_seller_filter_that_is_no_seller_id_is_a_400(owner_client, seller, url, value):
    assert owner_client.get(reverse(url), {"seller": value}).status_code == 400


@pytest.mark.parametrize(
    "query",
    [{"created_at__gte": "not a date"}, {"has_open_request__exact": "maybe"}, {"no_such_filter": "1"}],
)
def test_filters_and_filter_values_the_orders_list_cannot_use_are_a_400(owner_client, query):
    assert owner_client.get(reverse("admin:orders_order_changelist"), query).status_code == 400


@pytest.mark.parametrize(
    ("site", "name"),
    [
        (owner_site, "approve_selected"),
        (owner_site, "reject_selected"),
        (seller_site, "confirm_selected"),
        (seller_site, "reject_selected"),
    ],
)
def test_a_selected_id_that_is_no_id_is_a_400_in_a_bulk_action_and_changes_nothing(
    client, owner, seller_user, waiting_returns, site, name
):
    client.force_login(owner if site is owner_site else seller_user)
    before = _rows()
    data = {"action": name, "_selected_action": [waiting_returns[0].pk, "abc"], "post": "yes", "note": "No"}
    response = client.post(reverse(f"{site.name}:returns_cancellationrequest_changelist"), data)
    assert response.status_code == 400
    assert _rows() == before


@pytest.mark.parametrize(
    "query",
    [
        {"status__exact": "waiting\x00"},
        {"q": "A-1\x00"},
        {"seller": "1\x00"},
        {"app_label": "returns", "model_name": "cancellationrequest", "field_name": "reason", "term": "a\x00"},
    ],
)
def test_a_nul_in_a_filter_a_search_or_an_autocomplete_term_is_a_400(owner_client, query):
    url = "admin:autocomplete" if "term" in query else "admin:returns_cancellationrequest_changelist"
    assert owner_client.get(reverse(url), query).status_code == 400


def test_a_nul_in_a_form_field_is_a_400_and_changes_nothing(seller_client, waiting_returns):
    before = _rows()
    reject = reverse("seller:returns_cancellationrequest_reject", args=[waiting_returns[0].pk])
    assert seller_client.post(reject, {"note": "No\x00"}).status_code == 400
    assert _rows() == before


def test_another_sellers_request_history_is_a_404_like_its_other_pages(seller_client, seller, waiting_returns):
    mine, theirs = sorted(waiting_returns, key=lambda r: r.seller_id != seller.pk)
    history = "seller:returns_cancellationrequest_history"
    assert seller_client.get(reverse(history, args=[mine.pk])).status_code == 200
    assert seller_client.get(reverse(history, args=[theirs.pk])).status_code == 404


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_empty_to_field_on_a_change_page_is_a_400(owner_client, waiting_returns, method):
    url = reverse("admin:returns_cancellationrequest_change", args=[waiting_returns[0].pk])
    response = getattr(owner_client, method)(url + "?_to_field=", {"_to_field": ""} if method == "post" else {})
    assert response.status_code == 400
