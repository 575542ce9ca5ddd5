"""Background tasks (Django's tasks framework). Each one calls one service.

The database backend gives no retries or scheduling; retries and recovery live in
the domain (refund lines with attempts and next-attempt times, and the sweeper).
"""

import contextlib
import logging
import time

from django.tasks import task

logger = logging.getLogger(__name__)


@task
def execute_refund_plan(plan_id: int) -> None:
    from .services import refund_plan_execute

    started = time.monotonic()
    plan = refund_plan_execute(plan_id=plan_id)
    logger.info(
        "task execute_refund_plan plan=%s status=%s in %.0f ms",
        plan_id,
        plan.status,
        (time.monotonic() - started) * 1000,
    )


@task
def confirm_cancellation_plan(plan_id: int) -> None:
    from .exceptions import ReturnsError
    from .services import cancellation_plan_confirm

    # Already confirmed by someone else (the sweeper, a second worker): nothing left to do.
    with contextlib.suppress(ReturnsError):
        cancellation_plan_confirm(plan_id=plan_id)


@task
def sweep() -> None:
    from .services import returns_sweep

    report = returns_sweep()
    logger.info("task sweep %s", report)


@task
def report_sandbox_scan(carrier: str, shipment_id: int, kind: str) -> None:
    """A self-reporting carrier's scan of a parcel, deferred to its time (`sandbox.carrier`)."""
    from . import carriers

    if carriers.get(carrier).report(shipment_id=shipment_id, kind=kind):
        logger.info("task report_sandbox_scan carrier=%s shipment=%s kind=%s", carrier, shipment_id, kind)
