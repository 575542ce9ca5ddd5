from django.db import models
from django.utils.translation import gettext_lazy as _


class CancellationType(models.TextChoices):
    CANCEL = "cancel", _("Cancel")
    REFUND = "refund", _("Return")


class RequestStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    APPROVED = "approved", _("Approved")
    COMPLETED = "completed", _("Completed")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    EXPIRED = "expired", _("Expired")


OPEN_REQUEST_STATUSES = (RequestStatus.WAITING, RequestStatus.APPROVED)


class PlanStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    APPROVED = "approved", _("Approved")
    COMPLETED = "completed", _("Completed")
    FAILED = "failed", _("Failed")


class RefundLineStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    COMPLETED = "completed", _("Completed")
    FAILED = "failed", _("Failed")


class GatewayOutcome(models.TextChoices):
    """What a refund line's call to the payment gateway came to."""

    COMPLETED = "completed", _("Paid")
    DECLINED = "declined", _("Declined")
    UNKNOWN = "unknown", _("Unknown (timeout or connection error)")
    UNPAID = "unpaid", _("Not paid (the gateway has no refund under the key)")


class RequestOrigin(models.TextChoices):
    CUSTOMER = "customer", _("Customer")
    OWNER = "owner", _("Marketplace owner")
    SELLER = "seller", _("Seller")


class ReasonAudience(models.TextChoices):
    """Who chooses a reason: each form offers only its own (the values are `RequestOrigin`'s)."""

    CUSTOMER = "customer", _("Customers")
    OWNER = "owner", _("Marketplace owner")
    SELLER = "seller", _("Sellers")


class EmailKind(models.TextChoices):
    """The emails workflow steps queue; `returns.notifications.SENDERS` renders each."""

    REQUEST_RECEIVED = "request_received", _("Request received (customer)")
    REQUEST_APPROVED = "request_approved", _("Request approved (customer)")
    REQUEST_REJECTED = "request_rejected", _("Request rejected (customer)")
    REQUEST_WITHDRAWN = "request_withdrawn", _("Request withdrawn (customer)")
    SELLER_RETURN_REQUESTED = "seller_return_requested", _("Return requested (seller)")
    REFUND_COMPLETED = "refund_completed", _("Refund completed (customer)")
    REFUND_NEEDS_ATTENTION = "refund_needs_attention", _("Refund needs attention (owner staff)")
    REFUND_FAILED = "refund_failed", _("Refund failed, delayed (customer)")
    REFUND_FAILED_STAFF = "refund_failed_staff", _("Refund failed (owner staff)")
    SELLER_REQUEST_WITHDRAWN = "seller_request_withdrawn", _("Return withdrawn by the customer (seller)")
    RETURN_INSTRUCTIONS = "return_instructions", _("Return instructions (customer)")
    RETURN_RECEIVED = "return_received", _("Return parcel reached the seller (customer)")
    RETURN_EXPIRED = "return_expired", _("Return expired (customer)")
    SELLER_RETURN_IN_TRANSIT = "seller_return_in_transit", _("Return parcel on its way (seller)")
    SELLER_RETURN_RECEIVED = "seller_return_received", _("Return parcel received, please decide (seller)")
    RETURN_TRANSIT_OVERDUE = "return_transit_overdue", _("Return parcel overdue in transit (owner staff)")
    RETURN_LOST = "return_lost", _("Return parcel lost in transit (owner staff)")


class ReturnShipmentStatus(models.TextChoices):
    """Where a return's parcel is (SPEC section 3, Return shipment)."""

    AWAITING_SHIPMENT = "awaiting_shipment", _("Awaiting Shipment")
    IN_TRANSIT = "in_transit", _("In Transit")
    RECEIVED = "received", _("Received by Seller")
    EXPIRED = "expired", _("Expired")
    LOST = "lost", _("Lost in Transit")
    CANCELLED = "cancelled", _("Cancelled")


class ScanKind(models.TextChoices):
    """What a carrier's scan says about a parcel."""

    IN_TRANSIT = "in_transit", _("In transit")
    DELIVERED = "delivered", _("Delivered to the seller")
    LOST = "lost", _("Lost")
