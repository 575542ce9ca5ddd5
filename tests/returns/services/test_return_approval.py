"""Approving a return: the goods come back before the money goes out (SPEC rules 7 and 12)."""

import pytest
from django_fsm_log.models import StateLog

from returns.carriers import CarrierScan
from returns.choices import ReturnShipmentStatus, ScanKind
from returns.exceptions import ReasonError, RequestNotDecidableError, ReturnNotReceivedError, ShipmentError
from returns.models import CancellationPlan, CancellationRequest, ReturnShipment
from returns.services import (
    cancellation_request_approve,
    cancellation_request_reject,
    return_shipment_lost_decide,
    return_shipment_mark_lost,
    return_shipment_mark_shipped,
    return_shipment_record_scan,
)
from tests.factories import parcel_deliver

pytestmark = pytest.mark.django_db


def stock(product) -> int:
    """The product's stock: 10 left after the order was placed."""
    product.refresh_from_db()
    return product.stock


def test_confirming_a_return_whose_parcel_has_not_arrived_is_refused_and_changes_nothing(
    waiting_return, seller_user, towel
):
    with pytest.raises(ReturnNotReceivedError, match="refund without return"):
        cancellation_request_approve(request_id=waiting_return.pk, approved_by=seller_user)
    waiting_return.refresh_from_db()
    assert waiting_return.status == "waiting"
    assert not CancellationPlan.objects.exists()
    assert stock(towel) == 10


def test_confirming_a_received_return_refunds_it_and_puts_the_goods_back_once(
    waiting_return, seller_user, towel, django_capture_on_commit_callbacks
):
    # given the parcel reached the seller
    parcel_deliver(waiting_return)
    # when the seller confirms, and the refund runs after commit
    with django_capture_on_commit_callbacks(execute=True):
        cancellation_request_approve(request_id=waiting_return.pk, approved_by=seller_user)
        assert stock(towel) == 11  # back on the shelf when accepted, before the money moved
    # then the refund completed, the item is returned and the stock came back once
    cancellation = CancellationRequest.objects.select_related("order_item").get(pk=waiting_return.pk)
    assert (cancellation.status, cancellation.order_item.status) == ("completed", "returned")
    assert cancellation.approved_without_return is False
    assert stock(towel) == 11
    assert ReturnShipment.objects.get(cancellation_request=cancellation).restocked_at is not None


def test_a_refund_without_return_is_recorded_as_such_and_puts_nothing_back(
    waiting_return, seller_user, towel, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        cancellation_request_approve(
            request_id=waiting_return.pk, approved_by=seller_user, note="Not worth the shipping", without_return=True
        )
    cancellation = CancellationRequest.objects.select_related("order_item").get(pk=waiting_return.pk)
    assert (cancellation.status, cancellation.order_item.status) == ("completed", "returned")
    assert cancellation.approved_without_return is True
    log = StateLog.objects.for_(cancellation).get(transition="approve")
    assert log.description == "Not worth the shipping (refund without return)"
    assert stock(towel) == 10


def test_goods_that_arrive_after_a_refund_without_return_go_back_in_stock_once(
    waiting_return, seller_user, customer, towel
):
    # given a refund without return while the parcel was on its way
    shipment = return_shipment_mark_shipped(request_id=waiting_return.pk, shipped_by=customer)
    cancellation_request_approve(request_id=waiting_return.pk, approved_by=seller_user, without_return=True)
    assert stock(towel) == 10
    # when the parcel arrives after all, reported twice
    delivered = CarrierScan(
        scan_id="D-1", return_code=shipment.return_code, kind=ScanKind.DELIVERED, scanned_at=shipment.shipped_at
    )
    return_shipment_record_scan(carrier="sandbox", scan=delivered)
    return_shipment_record_scan(carrier="sandbox", scan=delivered)
    # then the goods are back once
    assert stock(towel) == 11


def test_without_return_has_no_meaning_once_the_goods_are_back(waiting_return, seller_user):
    parcel_deliver(waiting_return)
    cancellation = cancellation_request_approve(
        request_id=waiting_return.pk, approved_by=seller_user, without_return=True
    )
    assert cancellation.approved_without_return is False


def test_rejected_after_inspection_then_approved_by_the_owner_restocks_at_the_owners_approval(
    waiting_return, seller_user, owner, towel
):
    parcel_deliver(waiting_return)
    cancellation_request_reject(request_id=waiting_return.pk, rejected_by=seller_user, note="The tag was removed")
    assert stock(towel) == 10
    cancellation_request_approve(request_id=waiting_return.pk, approved_by=owner, note="Customer sent photos")
    assert stock(towel) == 11


def test_a_rejected_return_never_shipped_needs_a_refund_without_return_from_the_owner(
    waiting_return, seller_user, owner
):
    cancellation_request_reject(request_id=waiting_return.pk, rejected_by=seller_user, note="Outside the policy")
    with pytest.raises(ReturnNotReceivedError, match="Cancelled"):
        cancellation_request_approve(request_id=waiting_return.pk, approved_by=owner, note="Goodwill")
    approved = cancellation_request_approve(
        request_id=waiting_return.pk, approved_by=owner, note="Goodwill", without_return=True
    )
    assert approved.approved_without_return is True


@pytest.fixture
def lost_return(waiting_return, customer, owner):
    return_shipment_mark_shipped(request_id=waiting_return.pk, shipped_by=customer)
    return_shipment_mark_lost(request_id=waiting_return.pk, marked_by=owner, note="The carrier cannot find it")
    return waiting_return


def test_the_owner_refunds_a_lost_return_without_its_goods(lost_return, owner, towel):
    cancellation = return_shipment_lost_decide(
        request_id=lost_return.pk, decided_by=owner, refund=True, note="Lost by the carrier, not the customer"
    )
    assert (cancellation.status, cancellation.approved_without_return) == ("approved", True)
    assert StateLog.objects.for_(cancellation).get(transition="approve").by == owner
    assert stock(towel) == 10


def test_the_owner_may_refuse_to_refund_a_lost_return_with_a_note(lost_return, owner):
    cancellation = return_shipment_lost_decide(
        request_id=lost_return.pk, decided_by=owner, refund=False, note="The customer never handed it over"
    )
    assert (cancellation.status, cancellation.rejection_note) == ("rejected", "The customer never handed it over")
    assert ReturnShipment.objects.get(cancellation_request=cancellation).status == ReturnShipmentStatus.LOST


def test_only_the_owners_staff_decide_on_a_lost_return_with_a_note(lost_return, seller_user, owner):
    with pytest.raises(RequestNotDecidableError):
        return_shipment_lost_decide(request_id=lost_return.pk, decided_by=seller_user, refund=True, note="x")
    with pytest.raises(ReasonError):
        return_shipment_lost_decide(request_id=lost_return.pk, decided_by=owner, refund=True, note=" ")
    lost_return.refresh_from_db()
    assert lost_return.status == "waiting"


def test_a_return_not_lost_is_not_decided_as_lost(waiting_return, owner):
    with pytest.raises(ShipmentError, match="not lost"):
        return_shipment_lost_decide(request_id=waiting_return.pk, decided_by=owner, refund=True, note="x")
