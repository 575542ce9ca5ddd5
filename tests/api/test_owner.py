"""The owner's endpoints (SPEC section 8): every seller's requests, plans with refund lines, Cancel/Return."""

import csv
import io

import pytest

from returns.models import CancellationPlan, CancellationRequest
from tests.factories import CancellationPlanFactory, OrderFactory, ProductFactory

pytestmark = pytest.mark.django_db


def test_a_viewer_lists_every_sellers_requests_with_the_seller_named(viewer_api, seller, other_seller, make_return):
    mine, theirs = make_return(seller), make_return(other_seller)
    results = viewer_api.get("/api/v1/cancellation_requests/").json()["results"]
    assert [(r["id"], r["seller"]) for r in results] == [(theirs.pk, "bosphorus"), (mine.pk, "anatolia")]
    assert [
        r["id"] for r in viewer_api.get("/api/v1/cancellation_requests/", {"status": "approved"}).json()["results"]
    ] == []


def test_staff_without_the_view_permission_get_403(staff_in):
    from tests.api.conftest import client_with_key

    client = client_with_key(staff_in(None))
    assert client.get("/api/v1/cancellation_requests/").status_code == 403
    assert client.get("/api/v1/cancellation_plans/").status_code == 403


def test_plans_list_with_their_refund_lines_newest_first_and_filter_by_status(viewer_api):
    old = CancellationPlanFactory(completed=True)
    new = CancellationPlanFactory(failed=True)
    results = viewer_api.get("/api/v1/cancellation_plans/").json()["results"]
    assert [plan["id"] for plan in results] == [new.pk, old.pk]
    assert results[1]["refund_lines"][0]["status"] == "completed"
    assert results[1]["items"][0]["amount"] == str(old.items.get().amount)
    failed = viewer_api.get("/api/v1/cancellation_plans/", {"status": "failed"}).json()["results"]
    assert [plan["id"] for plan in failed] == [new.pk]


@pytest.mark.parametrize("rows", [2, 6])
def test_the_plans_list_costs_the_same_queries_at_any_page_size(viewer_api, rows, django_assert_max_num_queries):
    for _ in range(rows):
        CancellationPlanFactory(completed=True)
    # the key and its user, the user's permissions, the count, the page, its refund lines and items
    with django_assert_max_num_queries(8):
        assert len(viewer_api.get("/api/v1/cancellation_plans/", {"limit": rows}).json()["results"]) == rows


def test_plans_export_as_csv_every_matching_plan(viewer_api):
    plans = [CancellationPlanFactory(completed=True) for _ in range(3)]
    response = viewer_api.get("/api/v1/cancellation_plans/", {"format": "csv", "limit": 1})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [int(row["id"]) for row in rows] == [plan.pk for plan in reversed(plans)]
    assert rows[0]["amount"] == str(plans[-1].amount)
    assert rows[0]["refund_lines"] == f"{plans[-1].amount} completed"


def test_an_operator_cancels_items_of_an_order_into_a_waiting_plan(operator_api, seller, owner_cancel_reason, customer):
    order = OrderFactory(customer=customer, with_items=[(ProductFactory(seller=seller), 1)])
    item = order.items.get()
    response = operator_api.post(
        f"/api/v1/orders/{order.number}/cancel/",
        {"transaction": "cancel", "items": [{"order_item": item.pk, "quantity": 1, "reason": owner_cancel_reason.pk}]},
        format="json",
    )
    assert response.status_code == 200
    plan = CancellationPlan.objects.get(order=order)
    assert response.json() == {
        "cancellation_requests": [CancellationRequest.objects.get(order_item=item).pk],
        "cancellation_plan": plan.pk,
    }


def test_an_operator_opens_returns_for_the_seller(operator_api, seller, owner_return_reason, customer):
    order = OrderFactory(customer=customer, delivered=True, with_items=[(ProductFactory(seller=seller), 1)])
    item = order.items.get()
    body = {"transaction": "return", "items": [{"order_item": item.pk, "reason": owner_return_reason.pk}]}
    response = operator_api.post(f"/api/v1/orders/{order.number}/cancel/", body, format="json")
    assert response.status_code == 200
    assert CancellationRequest.objects.get(pk=response.json()["cancellation_requests"][0]).origin == "owner"
    again = operator_api.post(f"/api/v1/orders/{order.number}/cancel/", body, format="json")
    assert again.status_code == 409
    assert again.json()["code"] == "plan_refused"


def test_a_viewer_may_not_cancel_and_nothing_is_created(viewer_api, seller, owner_cancel_reason):
    order = OrderFactory(with_items=[(ProductFactory(seller=seller), 1)])
    body = {"transaction": "cancel", "items": [{"order_item": order.items.get().pk, "reason": owner_cancel_reason.pk}]}
    assert viewer_api.post(f"/api/v1/orders/{order.number}/cancel/", body, format="json").status_code == 403
    assert not CancellationRequest.objects.exists()


def test_the_transaction_takes_whole_lines_and_one_reason(
    operator_api, seller, owner_cancel_reason, owner_return_reason
):
    order = OrderFactory(with_items=[(ProductFactory(seller=seller), 3), (ProductFactory(seller=seller), 1)])
    first, second = order.items.order_by("pk")
    url = f"/api/v1/orders/{order.number}/cancel/"
    partial = {
        "transaction": "cancel",
        "items": [{"order_item": first.pk, "quantity": 2, "reason": owner_cancel_reason.pk}],
    }
    mixed = {
        "transaction": "cancel",
        "items": [
            {"order_item": first.pk, "reason": owner_cancel_reason.pk},
            {"order_item": second.pk, "reason": owner_return_reason.pk},
        ],
    }
    for body in (partial, mixed, {"transaction": "cancel", "items": []}, {"transaction": "void", "items": []}):
        response = operator_api.post(url, body, format="json")
        assert response.status_code == 400, body
    assert operator_api.post("/api/v1/orders/NOPE-1/cancel/", mixed, format="json").status_code == 404
    assert not CancellationRequest.objects.exists()


@pytest.mark.parametrize("rows", [2, 8])
def test_the_owners_requests_list_costs_the_same_queries_at_any_page_size(
    viewer_api, seller, other_seller, make_return, rows, django_assert_max_num_queries
):
    for i in range(rows):
        make_return(seller if i % 2 else other_seller)
    # the key and its user, the user's permissions, the count and the page
    with django_assert_max_num_queries(6):
        body = viewer_api.get("/api/v1/cancellation_requests/", {"limit": rows}).json()
    assert len(body["results"]) == rows
