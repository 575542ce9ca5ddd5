"""Pure rules about cancellations and returns: no ORM, no settings; unit-testable without a database."""

from orders.choices import UNSHIPPED_ITEM_STATUSES
from orders.rules import effective_item_status

from .choices import CancellationType


def cancellation_type_for_status(status: str, status_before_request: str = "") -> str:
    """Before shipment an item is cancelled; after shipment it is returned."""
    if effective_item_status(status, status_before_request) in UNSHIPPED_ITEM_STATUSES:
        return CancellationType.CANCEL
    return CancellationType.REFUND
