"""Pure rules about cancellations and returns: no ORM, no settings; unit-testable without a database."""

from django.utils.translation import ngettext

from orders.choices import UNSHIPPED_ITEM_STATUSES
from orders.rules import effective_item_status

from .choices import CancellationType


def rejection_limit_problem(*, rejected: int, limit: int) -> str | None:
    """Why the customer may not ask again for an item `rejected` times already, or None (0: no limit)."""
    if not limit or rejected < limit:
        return None
    return ngettext(
        "Its request was rejected, and it cannot be requested again here. Please contact customer service.",
        "Its requests were rejected %(count)d times, and it cannot be requested again here. "
        "Please contact customer service.",
        rejected,
    ) % {"count": rejected}


def cancellation_type_for_status(status: str, status_before_request: str = "") -> str:
    """Before shipment an item is cancelled; after shipment it is returned."""
    if effective_item_status(status, status_before_request) in UNSHIPPED_ITEM_STATUSES:
        return CancellationType.CANCEL
    return CancellationType.REFUND
