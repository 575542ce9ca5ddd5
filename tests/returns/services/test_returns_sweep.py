from datetime import timedelta

import pytest
from django.utils import timezone
from django_fsm_log.models import StateLog

from returns.models import CancellationPlan, CancellationRequest
from returns.services import returns_sweep
from tests.factories import CancellationPlanFactory, CancellationRequestFactory

pytestmark = pytest.mark.django_db


def test_return_request_past_the_seller_deadline_from_receipt_is_approved_by_the_system(return_reason, settings):
    cancellation = CancellationRequestFactory(refund=True, reason=return_reason, parcel_received=True)
    deadline = cancellation.return_shipment.received_at + timedelta(days=settings.SELLER_RESPONSE_DAYS)
    # before the deadline nothing happens
    assert returns_sweep(now=deadline - timedelta(minutes=1)).requests_approved == 0
    # after it the system approves, recorded as such
    report = returns_sweep(now=deadline + timedelta(minutes=1))
    cancellation.refresh_from_db()
    assert report.requests_approved == 1
    assert cancellation.status == "completed"  # approved, and the same sweep paid the refund
    log = StateLog.objects.for_(cancellation).get(transition="approve")
    assert log.by.username == "system"
    assert "did not answer in time" in log.description


def test_sweeping_twice_approves_once(return_reason):
    cancellation = CancellationRequestFactory(refund=True, reason=return_reason, parcel_received=True)
    later = timezone.now() + timedelta(days=10)
    returns_sweep(now=later)
    second = returns_sweep(now=later)
    assert second.requests_approved == 0
    assert CancellationPlan.objects.filter(items__cancellation_request=cancellation).count() == 1


def test_sweeper_confirms_waiting_cancellation_plans(owner, cancel_reason):
    plan = CancellationPlanFactory(created_by=owner, request__reason=cancel_reason)
    assert returns_sweep().plans_confirmed == 1
    plan.refresh_from_db()
    assert plan.status in ("approved", "completed")
    assert CancellationRequest.objects.get().status in ("approved", "completed")


def test_plan_whose_item_left_the_unshipped_states_is_not_confirmed_and_says_why(owner, cancel_reason):
    from orders.models import OrderItem
    from returns.services import cancellation_plan_confirm

    plan = CancellationPlanFactory(
        created_by=owner, request__reason=cancel_reason, request__order_item__product__name="Bluetooth Speaker"
    )
    order = plan.order
    # the package left the warehouse through another system meanwhile
    OrderItem.objects.filter(order=order).update(status_before_request="shipped")
    cancellation_plan_confirm(plan_id=plan.pk)
    plan.refresh_from_db()
    assert plan.status == "waiting"
    assert "Bluetooth Speaker" in plan.note
    assert "already shipped" in plan.note
    assert returns_sweep().plans_confirmed == 0  # the sweeper leaves a plan that says why alone


def _task_row(status, started_minutes_ago=None):
    from django.tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult, get_date_max

    started = timezone.now() - timedelta(minutes=started_minutes_ago) if started_minutes_ago is not None else None
    return DBTaskResult.objects.create(
        status=getattr(TaskResultStatus, status),
        started_at=started,
        args_kwargs={"args": [], "kwargs": {"plan_id": 1}},
        task_path="returns.tasks.execute_refund_plan",
        backend_name="default",
        run_after=get_date_max(),
    )


def test_sweeper_marks_failed_the_task_rows_a_dead_worker_left_running(settings):
    # given a row left running by a killed worker, one running now, and one waiting for a worker
    settings.TASK_RUNNING_TIMEOUT_SECONDS = 600
    abandoned = _task_row("RUNNING", started_minutes_ago=11)
    running = _task_row("RUNNING", started_minutes_ago=9)
    ready = _task_row("READY")
    # when the sweeper runs twice
    first, second = returns_sweep(), returns_sweep()
    # then only the abandoned row is closed, once, as failed with the reason
    for row in (abandoned, running, ready):
        row.refresh_from_db()
    assert (first.tasks_failed, second.tasks_failed) == (1, 0)
    assert (abandoned.status, running.status, ready.status) == ("FAILED", "RUNNING", "READY")
    assert abandoned.finished_at is not None
    assert abandoned.exception_class_path.endswith("TaskWorkerLostError")
    assert "its worker is gone" in abandoned.traceback
