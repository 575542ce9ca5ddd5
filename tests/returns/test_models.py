import django_fsm as fsm
import pytest

from returns.choices import PlanStatus, RefundLineStatus, RequestStatus
from tests.factories import CancellationPlanFactory, CancellationRequestFactory, RefundLineFactory


@pytest.mark.parametrize(
    ("status", "transition", "allowed"),
    [
        (RequestStatus.WAITING, "approve", True),
        (RequestStatus.WAITING, "reject", True),
        (RequestStatus.WAITING, "withdraw", True),
        (RequestStatus.WAITING, "complete", False),
        (RequestStatus.APPROVED, "complete", True),
        (RequestStatus.APPROVED, "reject", False),
        (RequestStatus.APPROVED, "withdraw", False),
        (RequestStatus.REJECTED, "approve", True),
        (RequestStatus.REJECTED, "withdraw", False),
        (RequestStatus.COMPLETED, "approve", False),
        (RequestStatus.WITHDRAWN, "approve", False),
    ],
)
def test_request_transitions(status, transition, allowed):
    assert fsm.can_proceed(getattr(CancellationRequestFactory.build(status=status), transition)) is allowed


@pytest.mark.parametrize(
    ("status", "transition", "allowed"),
    [
        (PlanStatus.WAITING, "approve", True),
        (PlanStatus.WAITING, "complete", False),
        (PlanStatus.APPROVED, "complete", True),
        (PlanStatus.APPROVED, "fail", True),
        (PlanStatus.FAILED, "retry", True),
        (PlanStatus.FAILED, "complete", False),
        (PlanStatus.COMPLETED, "fail", False),
        (PlanStatus.COMPLETED, "retry", False),
    ],
)
def test_plan_transitions(status, transition, allowed):
    assert fsm.can_proceed(getattr(CancellationPlanFactory.build(status=status), transition)) is allowed


@pytest.mark.parametrize(
    ("status", "transition", "allowed"),
    [
        (RefundLineStatus.PENDING, "complete", True),
        (RefundLineStatus.PENDING, "fail", True),
        (RefundLineStatus.FAILED, "retry", True),
        (RefundLineStatus.COMPLETED, "fail", False),
        (RefundLineStatus.COMPLETED, "retry", False),
        (RefundLineStatus.FAILED, "complete", False),
    ],
)
def test_refund_line_transitions(status, transition, allowed):
    assert fsm.can_proceed(getattr(RefundLineFactory.build(status=status), transition)) is allowed
