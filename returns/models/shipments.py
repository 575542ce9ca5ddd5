"""Return shipments: the parcel a return travels back in, and the carrier's scans of it."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import django_fsm as fsm
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm_log.decorators import fsm_log_by, fsm_log_description

from accounts.roles import RECEIVE_RETURNS, StaffPermission
from orders.choices import choice_display
from orders.models import ConcurrentTransitionMixin

from .. import carriers
from ..choices import ReturnShipmentStatus, ScanKind

Status = ReturnShipmentStatus


class ReturnShipmentQuerySet(models.QuerySet):
    def not_shipped_by(self, day: date) -> "ReturnShipmentQuerySet":
        """Still awaiting shipment although their ship-by date is before `day`."""
        return self.filter(status=Status.AWAITING_SHIPMENT, ship_by__lt=day)

    def in_transit_since(self, moment: datetime) -> "ReturnShipmentQuerySet":
        """In transit since `moment` or earlier and not flagged to the owner yet."""
        return self.filter(status=Status.IN_TRANSIT, in_transit_at__lte=moment, transit_overdue_at__isnull=True)


@dataclass(frozen=True)
class Milestone:
    at: datetime | None
    label: str
    detail: str


class ReturnShipment(ConcurrentTransitionMixin, models.Model):
    """The parcel of one return request, from the return code to the seller's door."""

    cancellation_request = models.OneToOneField(
        "returns.CancellationRequest", on_delete=models.CASCADE, related_name="return_shipment"
    )
    return_code = models.CharField(_("return code"), max_length=20, unique=True)
    # A key of settings.RETURN_CARRIERS; `returns.carriers.get(code)` is the boundary to it.
    carrier = models.CharField(_("carrier"), max_length=30)
    status = fsm.FSMField(
        _("status"), choices=Status.choices, default=Status.AWAITING_SHIPMENT, protected=True, max_length=20
    )
    get_status_display = choice_display(Status, "status")
    ship_by = models.DateField(_("ship by"))
    tracking_number = models.CharField(_("tracking number"), max_length=100, blank=True)
    tracking_url = models.URLField(_("tracking link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    shipped_at = models.DateTimeField(_("shipped"), null=True, blank=True)
    in_transit_at = models.DateTimeField(_("in transit since"), null=True, blank=True)
    received_at = models.DateTimeField(_("received"), null=True, blank=True)
    closed_at = models.DateTimeField(_("expired, lost or cancelled"), null=True, blank=True)
    # Set when the parcel had been in transit for RETURN_TRANSIT_DAYS and the owner's staff were told.
    transit_overdue_at = models.DateTimeField(_("flagged overdue in transit"), null=True, blank=True)
    # Set once, when the returned quantity went back to the product's stock (SPEC rule 12).
    restocked_at = models.DateTimeField(_("restocked"), null=True, blank=True)

    objects = ReturnShipmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("return shipment")
        verbose_name_plural = _("return shipments")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index("status", "ship_by", name="returnshipment_ship_by_idx"),
            models.Index("status", "in_transit_at", name="returnshipment_transit_idx"),
            models.Index("status", "received_at", name="returnshipment_received_idx"),
            models.Index("updated_at", name="returnshipment_updated_idx"),
        ]
        permissions = [("receive_returnshipment", "Can mark return shipments received or lost")]

    def __str__(self) -> str:
        return self.return_code

    @property
    def carrier_name(self) -> str:
        """The carrier's name as people know it (its code when it is no longer configured)."""
        try:
            return str(carriers.get(self.carrier))
        except carriers.UnknownCarrierError:
            return self.carrier

    @property
    def milestones(self) -> list[Milestone]:
        """The short timeline from the shipment's own times, oldest first (no query; the full one is
        `selectors.return_shipment_timeline`)."""
        closed = self.get_status_display() if self.closed_at else ""
        steps = [
            Milestone(self.created_at, _("Return code issued"), self.return_code),
            Milestone(self.shipped_at, _("Shipped"), self.tracking_number),
            Milestone(self.received_at, Status.RECEIVED.label, ""),
            Milestone(self.closed_at, closed, ""),
        ]
        return [step for step in steps if step.at is not None and step.label]

    @property
    def is_received(self) -> bool:
        return self.status == Status.RECEIVED

    @property
    def is_overdue_in_transit(self) -> bool:
        return self.status == Status.IN_TRANSIT and self.transit_overdue_at is not None

    @property
    def can_mark_shipped(self) -> bool:
        """The customer may still press I Have Shipped It."""
        return self.status == Status.AWAITING_SHIPMENT

    @property
    def has_label(self) -> bool:
        """The parcel is still to travel (or travelling): the return label is of use."""
        return self.status in (Status.AWAITING_SHIPMENT, Status.IN_TRANSIT)

    @property
    def can_mark_received(self) -> bool:
        """The seller (or the owner for them) may still press Mark as Received."""
        return self.status in (Status.AWAITING_SHIPMENT, Status.IN_TRANSIT, Status.LOST)

    @property
    def allows_withdrawal(self) -> bool:
        """A return may be withdrawn only while its parcel has not left the customer."""
        return self.status == Status.AWAITING_SHIPMENT

    @fsm_log_by
    @fsm_log_description
    @fsm.transition(field=status, source=Status.AWAITING_SHIPMENT, target=Status.IN_TRANSIT)
    def ship(
        self, *, shipped_at: datetime, tracking_number: str = "", tracking_url: str = "", by=None, description=""
    ) -> None:
        """The parcel left the customer (their I Have Shipped It, or the carrier's first scan)."""
        self.shipped_at = shipped_at
        self.in_transit_at = timezone.now()
        if tracking_number:
            self.tracking_number = tracking_number
        if tracking_url:
            self.tracking_url = tracking_url

    @fsm_log_by
    @fsm_log_description
    @fsm.transition(
        field=status,
        source=[Status.AWAITING_SHIPMENT, Status.IN_TRANSIT, Status.LOST],
        target=Status.RECEIVED,
        permission=StaffPermission(RECEIVE_RETURNS),
    )
    def receive(self, *, received_at: datetime | None = None, by=None, description: str = "") -> None:
        """The parcel reached the seller (carrier's delivery scan, or Mark as Received)."""
        self.received_at = received_at or timezone.now()
        self.transit_overdue_at = None

    @fsm_log_by
    @fsm_log_description
    @fsm.transition(
        field=status, source=Status.IN_TRANSIT, target=Status.LOST, permission=StaffPermission(RECEIVE_RETURNS)
    )
    def mark_lost(self, *, by=None, description: str = "") -> None:
        self.closed_at = timezone.now()

    @fsm_log_by
    @fsm_log_description
    @fsm.transition(field=status, source=Status.AWAITING_SHIPMENT, target=Status.EXPIRED)
    def expire(self, *, by=None, description: str = "") -> None:
        self.closed_at = timezone.now()

    @fsm_log_by
    @fsm_log_description
    @fsm.transition(field=status, source=Status.AWAITING_SHIPMENT, target=Status.CANCELLED)
    def cancel(self, *, by=None, description: str = "") -> None:
        """Nothing is to be sent back any more: the request was withdrawn or rejected before shipment."""
        self.closed_at = timezone.now()

    @fsm_log_by
    @fsm_log_description
    @fsm.transition(field=status, source=Status.IN_TRANSIT, target=Status.IN_TRANSIT)
    def flag_overdue(self, *, by=None, description: str = "") -> None:
        """In transit for longer than RETURN_TRANSIT_DAYS: the owner's staff are told."""
        self.transit_overdue_at = timezone.now()

    ship.alters_data = True
    receive.alters_data = True
    mark_lost.alters_data = True
    expire.alters_data = True
    cancel.alters_data = True
    flag_overdue.alters_data = True


class ReturnScan(models.Model):
    """One scan a carrier reported for a parcel; the shipment's timeline. Idempotent per carrier's scan id."""

    shipment = models.ForeignKey(ReturnShipment, on_delete=models.CASCADE, related_name="scans")
    carrier = models.CharField(_("carrier"), max_length=30)
    scan_id = models.CharField(_("carrier's scan id"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=ScanKind.choices)
    scanned_at = models.DateTimeField(_("time"))
    location = models.CharField(_("location"), max_length=200, blank=True)
    description = models.CharField(_("description"), max_length=500, blank=True)
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)
    # False when the scan moved nothing: it repeated what was known, or came for a closed shipment.
    applied = models.BooleanField(_("applied"), default=False)

    class Meta:
        verbose_name = _("carrier scan")
        verbose_name_plural = _("carrier scans")
        ordering = ["scanned_at", "id"]
        constraints = [models.UniqueConstraint(fields=["carrier", "scan_id"], name="one_scan_per_carrier_scan_id")]
        indexes = [models.Index("shipment", "scanned_at", name="returnscan_timeline_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.scanned_at:%Y-%m-%d %H:%M}"


def ship_by_date(*, today: date | None = None) -> date:
    """The last day a return may be handed to the carrier (RETURN_SHIP_DAYS from today)."""
    return (today or timezone.localdate()) + timedelta(days=settings.RETURN_SHIP_DAYS)
