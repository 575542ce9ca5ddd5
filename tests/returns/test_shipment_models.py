"""The return shipment's lifecycle (SPEC section 3): which moves each status allows, without a database."""

import django_fsm as fsm
import pytest

from returns.choices import CancellationType, RequestStatus, ReturnShipmentStatus
from returns.models import CancellationRequest, ReturnShipment

S = ReturnShipmentStatus
MOVES = ["ship", "receive", "mark_lost", "expire", "cancel", "flag_overdue"]
ALLOWED = {
    S.AWAITING_SHIPMENT: {"ship", "receive", "expire", "cancel"},
    S.IN_TRANSIT: {"receive", "mark_lost", "flag_overdue"},
    S.RECEIVED: set(),
    S.EXPIRED: set(),
    S.LOST: {"receive"},
    S.CANCELLED: set(),
}


@pytest.mark.parametrize("status", list(S))
@pytest.mark.parametrize("move", MOVES)
def test_each_status_allows_exactly_its_moves(status, move):
    shipment = ReturnShipment(status=status)
    assert fsm.can_proceed(getattr(shipment, move)) is (move in ALLOWED[status])


def test_labels_are_the_specs():
    assert [label for _value, label in S.choices] == [
        "Awaiting Shipment",
        "In Transit",
        "Received by Seller",
        "Expired",
        "Lost in Transit",
        "Cancelled",
    ]
    assert RequestStatus.EXPIRED.label == "Expired"


def test_every_move_is_marked_as_altering_data():
    for move in MOVES:
        assert getattr(ReturnShipment, move).alters_data is True
    assert CancellationRequest.expire.alters_data is True


def test_only_a_waiting_request_expires():
    for status in RequestStatus:
        cancellation = CancellationRequest(status=status, cancellation_type=CancellationType.REFUND)
        assert fsm.can_proceed(cancellation.expire) is (status == RequestStatus.WAITING)


@pytest.mark.parametrize(
    ("status", "withdrawable", "receivable", "shippable"),
    [
        (S.AWAITING_SHIPMENT, True, True, True),
        (S.IN_TRANSIT, False, True, False),
        (S.LOST, False, True, False),
        (S.RECEIVED, False, False, False),
        (S.EXPIRED, False, False, False),
    ],
)
def test_what_a_parcel_at_each_step_still_allows(status, withdrawable, receivable, shippable):
    shipment = ReturnShipment(status=status)
    assert (shipment.allows_withdrawal, shipment.can_mark_received, shipment.can_mark_shipped) == (
        withdrawable,
        receivable,
        shippable,
    )


def test_a_return_may_be_withdrawn_only_while_its_parcel_has_not_left():
    cancellation = CancellationRequest(cancellation_type=CancellationType.REFUND, status=RequestStatus.WAITING)
    cancellation.return_shipment = ReturnShipment(status=S.AWAITING_SHIPMENT, return_code="RT-X")
    assert cancellation.can_withdraw
    assert cancellation.return_code == "RT-X"
    assert not cancellation.has_goods_back
    cancellation.return_shipment = ReturnShipment(status=S.IN_TRANSIT)
    assert not cancellation.can_withdraw


def test_a_cancellation_has_no_parcel_to_wait_for():
    cancellation = CancellationRequest(cancellation_type=CancellationType.CANCEL, status=RequestStatus.WAITING)
    assert cancellation.shipment is None
    assert cancellation.return_code == ""
    assert cancellation.has_goods_back
