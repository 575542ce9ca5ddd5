import django_fsm as fsm
import pytest

from returns.models import CancellationPlan, CancellationRequest, RefundLine


@pytest.mark.parametrize(
    ("status", "transition", "allowed"),
    [
        ("waiting", "approve", True),
        ("waiting", "reject", True),
        ("waiting", "withdraw", True),
        ("waiting", "complete", False),
        ("approved", "complete", True),
        ("approved", "reject", False),
        ("approved", "withdraw", False),
        ("rejected", "approve", True),
        ("rejected", "withdraw", False),
        ("completed", "approve", False),
        ("withdrawn", "approve", False),
    ],
)
def test_request_transitions(status, transition, allowed):
    assert fsm.can_proceed(getattr(CancellationRequest(status=status), transition)) is allowed


@pytest.mark.parametrize(
    ("status", "transition", "allowed"),
    [
        ("waiting", "approve", True),
        ("waiting", "complete", False),
        ("approved", "complete", True),
        ("approved", "fail", True),
        ("failed", "retry", True),
        ("failed", "complete", False),
        ("completed", "fail", False),
        ("completed", "retry", False),
    ],
)
def test_plan_transitions(status, transition, allowed):
    assert fsm.can_proceed(getattr(CancellationPlan(status=status), transition)) is allowed


@pytest.mark.parametrize(
    ("status", "transition", "allowed"),
    [
        ("pending", "complete", True),
        ("pending", "fail", True),
        ("failed", "retry", True),
        ("completed", "fail", False),
        ("completed", "retry", False),
        ("failed", "complete", False),
    ],
)
def test_refund_line_transitions(status, transition, allowed):
    assert fsm.can_proceed(getattr(RefundLine(status=status), transition)) is allowed
