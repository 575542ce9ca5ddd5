"""The periodic sweeper: safe to run twice and concurrently.

Each step re-checks its rule under the order lock (task rows: under their own row
lock, skipping those another sweeper holds), so a second sweeper that reaches the
same row finds nothing left to do.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks_db.models import DBTaskResult

from accounts.models import system_user

from .. import carriers, events
from ..exceptions import ReturnsError
from ..selectors import (
    SWEEP_BATCH,
    cancellation_plan_ids_to_confirm,
    cancellation_request_ids_overdue,
    refund_line_ids_due,
    return_shipment_ids_overdue_in_transit,
    return_shipment_ids_to_expire,
)
from .approval import cancellation_plan_confirm, cancellation_request_approve
from .clocks import return_shipment_expire, return_shipment_flag_overdue
from .execution import refund_line_process

logger = logging.getLogger(__name__)


@dataclass
class SweepReport:
    plans_confirmed: int = 0
    requests_approved: int = 0
    lines_processed: int = 0
    tasks_failed: int = 0
    scans_reported: int = 0
    returns_expired: int = 0
    parcels_flagged: int = 0
    webhooks_sent: int = 0


class TaskWorkerLostError(Exception):
    """Recorded on a task row left running by a worker that died (killed, out of memory, machine lost)."""


def returns_sweep(*, now: datetime | None = None) -> SweepReport:
    """Run the clocks: confirm waiting cancellation plans, move return shipments (carriers' due
    scans, expiry, parcels overdue in transit), approve overdue returns, re-drive due refund lines,
    and let listeners re-drive theirs (webhook deliveries)."""
    now = now or timezone.now()
    report = SweepReport()
    _sweep_shipments(report, now=now)
    for plan_id in cancellation_plan_ids_to_confirm():
        report.plans_confirmed += _quietly(cancellation_plan_confirm, plan_id=plan_id)
    system = system_user()
    for request_id in cancellation_request_ids_overdue(now=now):
        report.requests_approved += _quietly(
            cancellation_request_approve,
            request_id=request_id,
            approved_by=system,
            note=_("Approved automatically: the seller did not answer in time"),
        )
    for line_id in refund_line_ids_due(now=now):
        report.lines_processed += refund_line_process(line_id=line_id, now=now) is not None
    report.tasks_failed = task_results_reap(now=now)
    report.webhooks_sent = sum(count for _receiver, count in events.swept.send(sender=returns_sweep, now=now))
    return report


def _sweep_shipments(report: SweepReport, *, now: datetime) -> None:
    for carrier in carriers.configured():
        report.scans_reported += carrier.report_due_scans(now=now)
    for shipment_id in return_shipment_ids_to_expire(now=now):
        report.returns_expired += _quietly(return_shipment_expire, shipment_id=shipment_id, now=now)
    for shipment_id in return_shipment_ids_overdue_in_transit(now=now):
        report.parcels_flagged += _quietly(return_shipment_flag_overdue, shipment_id=shipment_id, now=now)


def task_results_reap(*, now: datetime) -> int:
    """Mark failed the task rows left running longer than `TASK_RUNNING_TIMEOUT_SECONDS`.

    django-tasks-db's worker does not lock a row while it runs it, so a killed worker
    leaves it running for ever. The work itself is not lost: the sweeper re-drives
    refunds and confirmations from the domain's own rows; this only closes the row,
    through the model's own `set_failed`. Returns how many rows were closed.
    """
    cutoff = now - timedelta(seconds=settings.TASK_RUNNING_TIMEOUT_SECONDS)
    with transaction.atomic():
        stale = list(
            DBTaskResult.objects.running()
            .filter(started_at__lt=cutoff)
            .select_for_update(skip_locked=True)
            .order_by("started_at")[:SWEEP_BATCH]
        )
        for result in stale:
            result.set_failed(
                TaskWorkerLostError(
                    f"Still running after {settings.TASK_RUNNING_TIMEOUT_SECONDS} s (started {result.started_at:%c}): "
                    "its worker is gone. The sweeper re-drives the work itself."
                )
            )
            logger.warning(
                "Task %s (%s) left running since %s: marked failed", result.pk, result.task_path, result.started_at
            )
    return len(stale)


def _quietly(service, **kwargs) -> int:
    try:
        service(**kwargs)
    except ReturnsError as error:
        logger.info("Sweeper skipped %s(%s): %s", service.__name__, kwargs, error)
        return 0
    return 1
