"""Omnitron: each return's parcel on the Order Detail and the requests list; the owner marks a parcel
received or lost and refunds without return, saying why, with the permission to do so."""

import pytest
from django.urls import reverse
from django.utils import timezone
from django_fsm_log.models import StateLog

from accounts.roles import OPERATOR, VIEWER
from returns.choices import ReturnShipmentStatus
from returns.models import CancellationRequest, ReturnShipment
from tests.factories import CancellationRequestFactory, ReturnShipmentFactory

pytestmark = pytest.mark.django_db


def _url(name, obj=None):
    return reverse(f"admin:returns_cancellationrequest_{name}", args=[obj.pk] if obj else [])


@pytest.fixture
def in_transit(seller):
    shipment = ReturnShipmentFactory(in_transit=True, cancellation_request__order_item__product__seller=seller)
    return shipment.cancellation_request


def _shipment(cancellation):
    return ReturnShipment.objects.get(cancellation_request=cancellation)


def test_order_detail_shows_each_returns_code_and_shipment_status(owner_client, in_transit):
    order = in_transit.order
    content = owner_client.get(reverse("admin:orders_order_change", args=[order.pk])).content.decode()
    assert "Return shipment" in content
    assert f"{in_transit.return_shipment.return_code}: <strong>In Transit</strong>" in content


def test_requests_list_shows_and_filters_by_shipment_status(owner_client, in_transit, waiting_return):
    response = owner_client.get(_url("changelist"), {"shipment": "in_transit"})
    assert [row.pk for row in response.context["cl"].result_list] == [in_transit.pk]
    assert "In Transit" in response.content.decode()
    lost = owner_client.get(_url("changelist"), {"shipment": "lost"})
    assert lost.context["cl"].result_count == 0


def test_request_page_offers_mark_as_received_and_mark_as_lost_for_a_parcel_in_transit(owner_client, in_transit):
    content = owner_client.get(_url("change", in_transit)).content.decode()
    assert _url("receive", in_transit) in content
    assert _url("lost", in_transit) in content
    assert "Return code issued" in content


def test_owner_marks_received_for_the_seller_only_with_a_reason(owner_client, owner, in_transit):
    refused = owner_client.post(_url("receive", in_transit), {"note": ""})
    assert refused.status_code == 200
    assert _shipment(in_transit).status == ReturnShipmentStatus.IN_TRANSIT
    owner_client.post(_url("receive", in_transit), {"note": "Seller phoned: it arrived"})
    log = StateLog.objects.for_(_shipment(in_transit)).get(transition="receive")
    assert _shipment(in_transit).status == ReturnShipmentStatus.RECEIVED
    assert (log.by, log.description) == (owner, "Seller phoned: it arrived")


def test_owner_marks_a_parcel_lost_then_refunds_without_return_saying_why(owner_client, owner, in_transit):
    owner_client.post(_url("lost", in_transit), {"note": "Carrier confirms loss"})
    assert _shipment(in_transit).status == ReturnShipmentStatus.LOST
    page = owner_client.get(_url("approve", in_transit)).content.decode()
    assert "refund without return" in page
    refused = owner_client.post(_url("approve", in_transit), {"note": "", "without_return": "on"}, follow=True)
    assert "Say why you refund without return." in refused.content.decode()
    assert CancellationRequest.objects.get(pk=in_transit.pk).status == "waiting"
    owner_client.post(_url("approve", in_transit), {"note": "Lost by the carrier", "without_return": "on"})
    cancellation = CancellationRequest.objects.get(pk=in_transit.pk)
    assert cancellation.status == "approved"
    assert cancellation.approved_without_return
    log = StateLog.objects.for_(cancellation).get(transition="approve")
    assert (log.by, log.description) == (owner, "Lost by the carrier (refund without return)")


def test_a_viewer_sees_the_shipment_but_may_not_move_it(client, staff_in, in_transit):
    client.force_login(staff_in(VIEWER))
    content = client.get(_url("change", in_transit)).content.decode()
    assert "In Transit" in content
    assert _url("receive", in_transit) not in content
    assert client.post(_url("receive", in_transit), {"note": "x"}).status_code == 403
    assert client.post(_url("lost", in_transit), {"note": "x"}).status_code == 403
    assert _shipment(in_transit).status == ReturnShipmentStatus.IN_TRANSIT


def test_an_operator_may_mark_a_parcel_received(client, staff_in, in_transit):
    client.force_login(staff_in(OPERATOR))
    client.post(_url("receive", in_transit), {"note": "Arrived"})
    assert _shipment(in_transit).status == ReturnShipmentStatus.RECEIVED


def test_a_cancellation_has_no_shipment_pages(owner_client, seller):
    cancellation = CancellationRequestFactory(order_item__product__seller=seller)
    assert owner_client.get(_url("receive", cancellation)).status_code == 404


def test_requests_list_finds_parcels_flagged_overdue_in_transit(owner_client, seller, in_transit):
    flagged = ReturnShipmentFactory(
        in_transit=True, transit_overdue_at=timezone.now(), cancellation_request__order_item__product__seller=seller
    )
    response = owner_client.get(_url("changelist"), {"shipment": "overdue_in_transit"})
    assert [row.pk for row in response.context["cl"].result_list] == [flagged.cancellation_request_id]
