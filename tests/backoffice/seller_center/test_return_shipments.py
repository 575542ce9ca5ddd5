"""Seller Center: a return's parcel on its request's page, Mark as Received, the shipment filter,
and Confirm before receipt as a refund without return."""

import pytest
from django.urls import reverse
from django_fsm_log.models import StateLog

from returns.choices import ReturnShipmentStatus
from returns.models import CancellationPlan, CancellationRequest, ReturnShipment
from tests.factories import ReturnShipmentFactory

pytestmark = pytest.mark.django_db


def _req(name, obj=None):
    return reverse(f"seller:returns_cancellationrequest_{name}", args=[obj.pk] if obj else [])


@pytest.fixture
def in_transit(seller):
    shipment = ReturnShipmentFactory(
        in_transit=True,
        tracking_number="SBX000000042",
        cancellation_request__order_item__product__seller=seller,
        cancellation_request__order_item__delivered=True,
    )
    return shipment.cancellation_request


def test_the_request_page_shows_code_carrier_tracking_link_status_and_timeline(seller_client, in_transit):
    shipment = in_transit.return_shipment
    content = seller_client.get(_req("change", in_transit)).content.decode()
    for text in [shipment.return_code, "Sandbox Cargo", "In Transit", "SBX000000042", shipment.tracking_url]:
        assert text in content
    assert "Return code issued" in content
    assert _req("receive", in_transit) in content


def test_mark_as_received_receives_the_parcel_and_starts_the_deadline(seller_client, seller_user, in_transit):
    page = seller_client.get(_req("receive", in_transit))
    assert page.status_code == 200
    response = seller_client.post(_req("receive", in_transit), {"note": ""})
    shipment = ReturnShipment.objects.get(cancellation_request=in_transit)
    assert response.status_code == 302
    assert shipment.status == ReturnShipmentStatus.RECEIVED
    assert shipment.received_at is not None
    assert StateLog.objects.for_(shipment).get(transition="receive").by == seller_user
    content = seller_client.get(_req("change", in_transit)).content.decode()
    assert "Received by Seller" in content
    assert _req("receive", in_transit) not in content  # the button is gone once received


def test_marking_a_received_parcel_again_says_so_and_changes_nothing(seller_client, in_transit):
    seller_client.post(_req("receive", in_transit), {"note": ""})
    response = seller_client.post(_req("receive", in_transit), {"note": ""}, follow=True)
    assert "Received by Seller" in response.content.decode()
    assert StateLog.objects.for_(in_transit.return_shipment).filter(transition="receive").count() == 1


def test_another_sellers_parcel_is_a_404(client, other_seller_user, other_seller, in_transit):
    client.force_login(other_seller_user)
    assert client.get(_req("receive", in_transit)).status_code == 404
    assert client.post(_req("receive", in_transit), {"note": ""}).status_code == 404
    assert ReturnShipment.objects.get(cancellation_request=in_transit).status == ReturnShipmentStatus.IN_TRANSIT


def test_confirm_before_receipt_asks_for_a_second_confirmation(seller_client, in_transit):
    page = seller_client.get(_req("approve", in_transit)).content.decode()
    assert "refund without return" in page
    response = seller_client.post(_req("approve", in_transit), {"note": ""})
    assert response.status_code == 200
    assert "Tick this to refund although the parcel has not arrived." in response.content.decode()
    assert CancellationRequest.objects.get(pk=in_transit.pk).status == "waiting"
    assert not CancellationPlan.objects.exists()


def test_confirm_before_receipt_with_the_second_confirmation_is_a_refund_without_return(seller_client, in_transit):
    response = seller_client.post(_req("approve", in_transit), {"note": "", "without_return": "on"})
    cancellation = CancellationRequest.objects.get(pk=in_transit.pk)
    assert response.status_code == 302
    assert cancellation.status == "approved"
    assert cancellation.approved_without_return
    assert StateLog.objects.for_(cancellation).get(transition="approve").description == "Refund without return"


def test_confirm_of_a_received_return_needs_no_second_confirmation(seller_client, world):
    cancellation = world["own_request"]
    page = seller_client.get(_req("approve", cancellation)).content.decode()
    assert "without_return" not in page
    seller_client.post(_req("approve", cancellation), {"note": ""})
    cancellation.refresh_from_db()
    assert cancellation.status == "approved"
    assert not cancellation.approved_without_return


@pytest.mark.parametrize(
    ("status", "label"),
    [("awaiting_shipment", "Awaiting Shipment"), ("in_transit", "In Transit"), ("received", "Received by Seller")],
)
def test_the_list_filters_by_shipment_status(seller_client, seller, status, label):
    shipments = {
        step: ReturnShipmentFactory(status=step, cancellation_request__order_item__product__seller=seller)
        for step in ("awaiting_shipment", "in_transit", "received")
    }
    response = seller_client.get(_req("changelist"), {"shipment": status})
    shown = [row.pk for row in response.context["cl"].result_list]
    assert shown == [shipments[status].cancellation_request_id]
    assert label in response.content.decode()


def test_an_unknown_shipment_filter_value_is_not_a_500(seller_client, world):
    assert seller_client.get(_req("changelist"), {"shipment": "nowhere"}).status_code in (200, 400)


def test_time_left_counts_from_receipt(seller_client, world, in_transit):
    response = seller_client.get(_req("changelist"))
    rows = {row.pk: row for row in response.context["cl"].result_list}
    admin = response.context["cl"].model_admin
    assert admin.time_left(rows[in_transit.pk]) == "—"  # not received: the clock has not started
    assert admin.time_left(rows[world["own_request"].pk]) != "—"


@pytest.mark.parametrize("rows", [2, 20])
def test_the_list_with_shipments_costs_as_many_queries_whatever_the_rows(
    seller_client, seller, django_assert_max_num_queries, rows
):
    for _ in range(rows):
        ReturnShipmentFactory(in_transit=True, cancellation_request__order_item__product__seller=seller)
    seller_client.get(_req("changelist"))
    with django_assert_max_num_queries(12):
        assert seller_client.get(_req("changelist")).status_code == 200


def test_a_return_requests_page_shows_its_code_once_in_the_parcels_box(seller_client, in_transit):
    content = seller_client.get(_req("change", in_transit)).content.decode()

    assert content.count("Return code:</label>") == 1
