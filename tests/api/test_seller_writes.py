"""The sellers' writes (SPEC section 8) go through Seller Center's services; refusals are `{code, detail}`."""

import pytest
from django_fsm_log.models import StateLog

from orders.models import Package
from returns.models import CancellationRequest
from returns.services import return_shipment_mark_received
from tests.factories import CancellationReasonFactory, OrderFactory, ProductFactory

pytestmark = pytest.mark.django_db
CLAIMS = "/api/v1/claims/"


def test_a_seller_marks_a_parcel_received_then_approves_the_return_and_sees_its_refund(
    seller, seller_api, make_return, django_capture_on_commit_callbacks
):
    cancellation = make_return(seller)
    # when
    received = seller_api.post(f"{CLAIMS}{cancellation.pk}/receive/", {}, format="json")
    with django_capture_on_commit_callbacks(execute=True):
        approved = seller_api.post(f"{CLAIMS}{cancellation.pk}/approve/", {"note": "All good"}, format="json")
    # then
    assert received.status_code == 200
    assert received.json()["return_tracking"]["status"] == "received"
    assert approved.status_code == 200
    cancellation.refresh_from_db()
    assert cancellation.status in {"approved", "completed"}
    assert approved.json()["status"] == "approved"
    assert approved.json()["refund_amount"] == str(cancellation.plan_item.amount)
    log = StateLog.objects.for_(cancellation).filter(transition="approve").get()
    assert (log.by, log.description) == (seller.users.get(), "All good")


def test_approving_a_return_whose_parcel_has_not_arrived_is_refused_with_a_code_unless_without_return(
    seller, seller_api, make_return
):
    cancellation = make_return(seller)
    refused = seller_api.post(f"{CLAIMS}{cancellation.pk}/approve/", {}, format="json")
    assert refused.status_code == 409
    assert refused.json()["code"] == "return_not_received"
    assert "has not reached the seller" in refused.json()["detail"]
    approved = seller_api.post(f"{CLAIMS}{cancellation.pk}/approve/", {"without_return": True}, format="json")
    assert approved.status_code == 200
    assert approved.json()["approved_without_return"] is True


def test_rejecting_needs_a_note_and_a_decided_claim_cannot_be_decided_again(seller, seller_api, make_return):
    cancellation = make_return(seller)
    missing = seller_api.post(f"{CLAIMS}{cancellation.pk}/reject/", {}, format="json")
    assert missing.status_code == 400
    assert missing.json()["errors"] == {"note": ["This field is required."]}
    rejected = seller_api.post(f"{CLAIMS}{cancellation.pk}/reject/", {"note": "Worn"}, format="json")
    assert rejected.status_code == 200
    assert rejected.json()["rejection_note"] == "Worn" or rejected.json()["status"] == "rejected"
    again = seller_api.post(f"{CLAIMS}{cancellation.pk}/reject/", {"note": "Worn"}, format="json")
    assert (again.status_code, again.json()["code"]) == (409, "not_decidable")


def test_marking_received_twice_is_refused_with_the_shipments_code(seller, seller_api, make_return):
    cancellation = make_return(seller)
    return_shipment_mark_received(request_id=cancellation.pk, received_by=seller.users.get())
    again = seller_api.post(f"{CLAIMS}{cancellation.pk}/receive/", {}, format="json")
    assert (again.status_code, again.json()["code"]) == (409, "shipment_refused")


def test_a_seller_moves_a_package_to_ready_to_ship_then_ships_it_with_carrier_and_tracking(seller, seller_api):
    order = OrderFactory(with_items=[(ProductFactory(seller=seller), 2)])
    package = order.packages.get()
    base = f"/api/v1/packages/{package.pk}"
    early = seller_api.post(f"{base}/ship/", {"carrier": "Aras", "tracking_number": "T1"}, format="json")
    assert (early.status_code, early.json()["code"]) == (409, "package_move_refused")
    assert seller_api.post(f"{base}/ready_to_ship/", {}, format="json").json()["status"] == "ready_to_ship"
    assert seller_api.post(f"{base}/ship/", {}, format="json").json()["errors"].keys() == {
        "carrier",
        "tracking_number",
    }
    shipped = seller_api.post(f"{base}/ship/", {"carrier": "Aras", "tracking_number": "T1"}, format="json").json()
    assert (shipped["status"], shipped["carrier"], shipped["tracking_number"]) == ("shipped", "Aras", "T1")
    assert {item["status"] for item in shipped["items"]} == {"shipped"}
    assert seller_api.post(f"{base}/deliver/", {}, format="json").json()["status"] == "delivered"
    assert Package.objects.get(pk=package.pk).status == "delivered"


def test_another_sellers_package_and_item_are_404s_and_nothing_moves(other_seller, seller, seller_api):
    order = OrderFactory(with_items=[(ProductFactory(seller=other_seller), 1)])
    package, item = order.packages.get(), order.items.get()
    assert seller_api.post(f"/api/v1/packages/{package.pk}/ready_to_ship/", {}, format="json").status_code == 404
    reject = seller_api.post(f"/api/v1/order_items/{item.pk}/reject/", {"reason": 1}, format="json")
    assert reject.status_code == 404
    package.refresh_from_db()
    assert package.status == "preparing"


def test_a_seller_rejects_an_unshipped_item_out_of_stock_and_it_is_cancelled(seller, seller_api, seller_reason):
    order = OrderFactory(with_items=[(ProductFactory(seller=seller), 1), (ProductFactory(seller=seller), 1)])
    item = order.items.order_by("pk").first()
    response = seller_api.post(
        f"/api/v1/order_items/{item.pk}/reject/", {"reason": seller_reason.pk, "note": "Out of stock"}, format="json"
    )
    assert response.status_code == 200
    assert CancellationRequest.objects.get(order_item=item).origin == "seller"
    inactive = CancellationReasonFactory(cancellation_type="cancel", is_active=False)
    other = order.items.order_by("pk").last()
    refused = seller_api.post(f"/api/v1/order_items/{other.pk}/reject/", {"reason": inactive.pk}, format="json")
    assert (refused.status_code, refused.json()["code"]) == (400, "invalid_reason")


@pytest.mark.parametrize(
    "body",
    [b"{", b"[]", b'"text"', b'{"note": null}', b'{"without_return": "perhaps"}', b"\xff\xfe"],
)
def test_a_malformed_body_is_a_400_and_changes_nothing(seller, seller_api, make_return, body):
    cancellation = make_return(seller)
    response = seller_api.post(f"{CLAIMS}{cancellation.pk}/approve/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] in {"invalid", "parse_error"}
    cancellation.refresh_from_db()
    assert cancellation.status == "waiting"


def test_a_form_body_is_a_415(seller, seller_api, make_return):
    cancellation = make_return(seller)
    response = seller_api.post(
        f"{CLAIMS}{cancellation.pk}/reject/", "note=x", content_type="application/x-www-form-urlencoded"
    )
    assert (response.status_code, response.json()["code"]) == (415, "unsupported_media_type")


def test_errors_speak_turkish_to_a_client_that_asks_for_it(seller, seller_api, make_return):
    cancellation = make_return(seller)
    turkish = {"HTTP_ACCEPT_LANGUAGE": "tr"}
    refused = seller_api.post(f"{CLAIMS}{cancellation.pk}/approve/", {}, format="json", **turkish)
    assert refused.json()["code"] == "return_not_received"
    assert refused.json()["detail"].startswith(f"{cancellation.return_shipment.return_code} iadesinin kolisi")
    assert seller_api.get(CLAIMS, {"type": "x"}, **turkish).json()["detail"] == "İstek geçerli değil."
    assert seller_api.get("/api/v1/nowhere/", **turkish).json()["detail"] == "Böyle bir uç nokta yok."
