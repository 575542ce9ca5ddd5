"""The periodic sweeper: safe to run twice and concurrently.

Each step re-checks its rule under the order lock, so a second sweeper that
reaches the same row finds nothing left to do.
"""

import logging
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import system_user

from ..exceptions import ReturnsError
from ..selectors import cancellation_plan_ids_to_confirm, cancellation_request_ids_overdue, refund_line_ids_due
from .approval import cancellation_plan_confirm, cancellation_request_approve
from .execution import refund_line_process

logger = logging.getLogger(__name__)


@dataclass
class SweepReport:
    plans_confirmed: int = 0
    requests_approved: int = 0
    lines_processed: int = 0


def returns_sweep(*, now: datetime | None = None) -> SweepReport:
    """Confirm waiting cancellation plans, approve overdue returns and re-drive due refund lines."""
    now = now or timezone.now()
    report = SweepReport()
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
    return report


def _quietly(service, **kwargs) -> int:
    try:
        service(**kwargs)
    except ReturnsError as error:
        logger.info("Sweeper skipped %s(%s): %s", service.__name__, kwargs, error)
        return 0
    return 1
