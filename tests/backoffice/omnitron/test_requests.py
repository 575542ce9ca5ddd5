"""Omnitron's Cancellation/Return Requests: lists, filters, approve and reject on the seller's behalf."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django_fsm_log.models import StateLog

from returns.models import CancellationPlan, CancellationRequest
from returns.services import cancellation_request_reject
from tests.factories import CancellationRequestFactory, OrderFactory, ProductFactory, SellerFactory

pytestmark = pytest.mark.django_db


def _url(name, obj=None, site="admin"):
    return reverse(f"{site}:returns_cancellationrequest_{name}", args=[obj.pk] if obj else [])


def test_requests_list_shows_order_item_seller_type_reason_status(owner_client, waiting_return):
    content = owner_client.get(_url("changelist")).content.decode()
    for text in [
        waiting_return.order.number,
        waiting_return.order_item.product_name,
        "Anatolia Textiles",
        "Return",
        waiting_return.reason.subject,
        "Waiting",
    ]:
        assert text in content


def test_requests_list_shows_how_long_ago_each_was_asked_oldest_first_when_sorted_by_age(owner_client, waiting_return):
    older = CancellationRequestFactory(refund=True)
    CancellationRequest.objects.filter(pk=older.pk).update(created_at=waiting_return.created_at - timedelta(days=3))
    url = _url("changelist")
    age = list(owner_client.get(url).context["cl"].list_display).index("age")

    content = owner_client.get(url).content.decode()
    oldest_first = owner_client.get(url, {"o": str(age)}).context["cl"].result_list

    assert "3\xa0days" in content
    assert [r.pk for r in oldest_first] == [older.pk, waiting_return.pk]


def test_requests_list_filters_by_status_type_seller_and_overdue(owner_client, waiting_return, seller, settings):
    url = _url("changelist")
    assert owner_client.get(url, {"status__exact": "waiting"}).context["cl"].result_count == 1
    assert owner_client.get(url, {"cancellation_type__exact": "cancel"}).context["cl"].result_count == 0
    assert owner_client.get(url, {"seller": seller.pk}).context["cl"].result_count == 1
    assert owner_client.get(url, {"overdue": "yes"}).context["cl"].result_count == 0


def test_request_page_shows_history_and_decision_buttons(owner_client, waiting_return):
    content = owner_client.get(_url("change", waiting_return)).content.decode()
    assert "History" in content
    assert _url("approve", waiting_return) in content
    assert _url("reject", waiting_return) in content


def test_owner_approves_on_the_sellers_behalf(owner_client, owner, waiting_return):
    assert "Yes" in owner_client.get(_url("approve", waiting_return)).content.decode()
    response = owner_client.post(_url("approve", waiting_return), {"note": "Approved for the seller"})
    waiting_return.refresh_from_db()
    assert response.status_code == 302
    assert waiting_return.status == "approved"
    assert CancellationPlan.objects.get().plan_type == "refund"
    log = StateLog.objects.for_(waiting_return).get(transition="approve")
    assert (log.by, log.description) == (owner, "Approved for the seller")


def test_rejecting_needs_a_note(owner_client, waiting_return):
    response = owner_client.post(_url("reject", waiting_return), {"note": ""})
    assert response.status_code == 200
    assert "A note is required" in response.content.decode()
    waiting_return.refresh_from_db()
    assert waiting_return.status == "waiting"
    owner_client.post(_url("reject", waiting_return), {"note": "Not in original packaging"})
    waiting_return.refresh_from_db()
    assert (waiting_return.status, waiting_return.rejection_note) == ("rejected", "Not in original packaging")


def test_owner_can_approve_a_return_the_seller_rejected(owner_client, waiting_return, seller_user):
    cancellation_request_reject(request_id=waiting_return.pk, rejected_by=seller_user, note="Used")
    assert _url("approve", waiting_return) in owner_client.get(_url("change", waiting_return)).content.decode()
    owner_client.post(_url("approve", waiting_return), {"note": "Customer provided photos"})
    waiting_return.refresh_from_db()
    assert waiting_return.status == "approved"


def test_bulk_approve_asks_first_then_reports_done_and_skipped(owner_client, waiting_return, customer, return_reason):
    other = CancellationRequestFactory(  # already approved: will be skipped
        refund=True, approved=True, reason=return_reason, order_item__order__customer=customer
    )
    data = {"action": "approve_selected", "_selected_action": [waiting_return.pk, other.pk]}
    confirmation = owner_client.post(_url("changelist"), data)
    assert confirmation.status_code == 200
    assert "Approve these requests?" in confirmation.content.decode()
    waiting_return.refresh_from_db()
    assert waiting_return.status == "waiting"
    response = owner_client.post(_url("changelist"), {**data, "post": "yes"}, follow=True)
    messages = [str(m) for m in response.context["messages"]]
    waiting_return.refresh_from_db()
    assert waiting_return.status == "approved"
    assert any("Approved: 1" in m for m in messages)
    assert any("Skipped 1" in m for m in messages)


def test_skipped_requests_are_reported_one_sentence_each(owner_client, customer, return_reason):
    done = [
        CancellationRequestFactory(
            refund=True, approved=True, reason=return_reason, order_item__order__customer=customer
        )
        for _ in range(2)
    ]
    data = {"action": "approve_selected", "_selected_action": [r.pk for r in done], "post": "yes"}

    response = owner_client.post(_url("changelist"), data, follow=True)

    (skipped,) = [str(m) for m in response.context["messages"] if "Skipped" in str(m)]
    assert skipped.startswith(f"Skipped 2: #{done[0].pk}: ")
    assert f". #{done[1].pk}: " in skipped
    assert ".;" not in skipped


@pytest.mark.parametrize("rows", [1, 50])
def test_requests_list_query_count_does_not_grow(
    owner_client, customer, return_reason, django_assert_max_num_queries, rows
):
    seller = SellerFactory()
    order = OrderFactory(
        customer=customer, with_items=[(ProductFactory(seller=seller), 1) for _ in range(rows)], delivered=True
    )
    for item in order.items.all():
        CancellationRequestFactory(order_item=item, refund=True, reason=return_reason)
    with django_assert_max_num_queries(9):
        assert owner_client.get(_url("changelist")).status_code == 200
