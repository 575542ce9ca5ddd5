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


class EmailKind(models.TextChoices):
    """The emails workflow steps queue; `returns.notifications.SENDERS` renders each."""

    REQUEST_RECEIVED = "request_received", _("Request received (customer)")
    REQUEST_APPROVED = "request_approved", _("Request approved (customer)")
    REQUEST_REJECTED = "request_rejected", _("Request rejected (customer)")
    SELLER_RETURN_REQUESTED = "seller_return_requested", _("Return requested (seller)")
    REFUND_COMPLETED = "refund_completed", _("Refund completed (customer)")
    REFUND_NEEDS_ATTENTION = "refund_needs_attention", _("Refund needs attention (owner staff)")
