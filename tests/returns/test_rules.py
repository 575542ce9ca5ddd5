import pytest

from returns.rules import cancellation_type_for_status


@pytest.mark.parametrize(
    ("status", "before", "expected"),
    [
        ("preparing", "", "cancel"),
        ("ready_to_ship", "", "cancel"),
        ("shipped", "", "refund"),
        ("delivered", "", "refund"),
        ("delivery_failed", "", "refund"),
        ("cancellation_waiting", "ready_to_ship", "cancel"),
        ("return_waiting", "delivered", "refund"),
    ],
)
def test_an_item_is_cancelled_before_shipment_and_returned_after(status, before, expected):
    assert cancellation_type_for_status(status, before) == expected
