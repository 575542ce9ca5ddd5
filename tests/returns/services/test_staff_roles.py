"""Services re-check the staff role of whoever acts (SPEC rule 14), whatever the interface."""

import pytest
from django_fsm_log.models import StateLog

from accounts.roles import OPERATOR, VIEWER
from returns.exceptions import PlanError, RequestNotDecidableError
from returns.models import CancellationPlan, CancellationRequest, RefundLine
from returns.services import (
    cancellation_plan_retry,
    cancellation_request_approve,
    cancellation_request_reject,
)
from tests.factories import CancellationPlanFactory, CancellationRequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting_return(customer, return_reason):
    """A return waiting for the decision on its received goods."""
    return CancellationRequestFactory(
        refund=True, reason=return_reason, order_item__order__customer=customer, parcel_received=True
    )


@pytest.fixture
def failed_plan(customer, return_reason):
    plan = CancellationPlanFactory(
        failed=True, refund=True, request__reason=return_reason, request__order_item__order__customer=customer
    )
    assert plan.status == "failed"
    return plan


@pytest.mark.parametrize("role", [None, VIEWER])
def test_staff_without_the_decision_permissions_cannot_approve_or_reject(staff_in, waiting_return, role):
    user = staff_in(role)
    with pytest.raises(RequestNotDecidableError, match="not allowed to approve"):
        cancellation_request_approve(request_id=waiting_return.pk, approved_by=user)
    with pytest.raises(RequestNotDecidableError, match="not allowed to reject"):
        cancellation_request_reject(request_id=waiting_return.pk, rejected_by=user, note="No")
    waiting_return.refresh_from_db()
    assert waiting_return.status == "waiting"
    assert not CancellationPlan.objects.exists()


def test_an_operator_approves_a_waiting_return(staff_in, waiting_return):
    operator = staff_in(OPERATOR)
    cancellation = cancellation_request_approve(request_id=waiting_return.pk, approved_by=operator)
    assert cancellation.status == "approved"
    assert StateLog.objects.for_(cancellation).get(transition="approve").by == operator


@pytest.mark.parametrize("who", ["staff without permissions", "viewer", "seller"])
def test_only_staff_allowed_to_retry_plans_can_retry_one(staff_in, failed_plan, seller_user, who):
    user = {"staff without permissions": staff_in(None), "viewer": staff_in(VIEWER), "seller": seller_user}[who]
    with pytest.raises(PlanError, match="not allowed to retry"):
        cancellation_plan_retry(plan_id=failed_plan.pk, retried_by=user)
    failed_plan.refresh_from_db()
    assert failed_plan.status == "failed"
    assert RefundLine.objects.get().status == "failed"


def test_an_operator_retries_a_failed_plan(staff_in, failed_plan):
    plan = cancellation_plan_retry(plan_id=failed_plan.pk, retried_by=staff_in(OPERATOR))
    assert plan.status == "approved"
    assert CancellationRequest.objects.get().status == "approved"
