"""Reads scoped to the person asking."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from orders.selectors import seller_ids_for_user

from .choices import CancellationType, PlanStatus
from .models import (
    CancellationPlan,
    CancellationPlanItem,
    CancellationReason,
    CancellationRequest,
    OutboundEmail,
    RefundLine,
)
from .rules import cancellation_type_for_status

SWEEP_BATCH = 500


@dataclass(frozen=True)
class ItemEligibility:
    """The request an order line may take now, or why it may take none."""

    cancellation_type: str  # CancellationType: cancel before shipment, refund (a return) after
    problem: str | None = None

    @property
    def is_eligible(self) -> bool:
        return self.problem is None


def order_item_eligibility_list(*, order) -> dict[int, ItemEligibility]:
    """Each line of the order by id: may it be cancelled or returned now (SPEC rules 1, 2)?

    Reads the order's prefetched items and their packages (`order_get_for_customer`), so it
    costs no query. The request service checks the same rules again on locked rows.
    """
    eligibility = {}
    for item in order.items.all():
        kind = cancellation_type_for_status(item.status, item.status_before_request)
        cancelling = kind == CancellationType.CANCEL
        problem = item.cancellation_ineligibility() if cancelling else item.return_ineligibility()
        eligibility[item.pk] = ItemEligibility(cancellation_type=kind, problem=problem)
    return eligibility


def cancellation_request_list_for_order(*, order, items=None, with_creators=False) -> list[CancellationRequest]:
    """The order's requests, newest first, with their reasons, plan items and items.

    Most orders have none, so the query is a plain one (no joins to build); reasons and
    plan items (and who created each request, `with_creators`) are fetched only when
    there are requests, and items come from `items` or the order's prefetched items.
    """
    related = ["reason", "plan_item", *(["created_by"] if with_creators else [])]
    requests = list(
        CancellationRequest.objects.filter(order=order).prefetch_related(*related).order_by("-created_at", "-id")
    )
    if requests:
        items = {item.pk: item for item in (order.items.all() if items is None else items)}
        for cancellation in requests:
            if cancellation.order_item_id in items:
                cancellation.order_item = items[cancellation.order_item_id]
    return requests


def cancellation_request_get_for_customer(*, user, number: str, request_id: int) -> CancellationRequest:
    return get_object_or_404(
        CancellationRequest.objects.filter(order__customer=user, order__number=number), pk=request_id
    )


ACTIVE_REASONS_CACHE_KEY = "returns:active-reasons"


def cancellation_reason_list_active() -> list[CancellationReason]:
    """The reasons customers choose from, cached: every Order Details page shows them.

    Saving or deleting a reason, or the owner's bulk deactivation, clears this process's
    copy (`cancellation_reason_cache_clear`); other processes see the change within
    `REASONS_CACHE_SECONDS`. A stale choice is harmless: the request service checks the
    reason again on the fresh row.
    """
    return cache.get_or_set(
        ACTIVE_REASONS_CACHE_KEY, lambda: list(CancellationReason.objects.active()), settings.REASONS_CACHE_SECONDS
    )


def cancellation_reason_cache_clear() -> None:
    cache.delete(ACTIVE_REASONS_CACHE_KEY)


def cancellation_request_list_for_seller(*, user) -> QuerySet[CancellationRequest]:
    return CancellationRequest.objects.filter(seller_id__in=seller_ids_for_user(user=user))


def refund_line_ids_due(*, now: datetime) -> list[int]:
    """Refund lines of approved plans that are due for an attempt, the longest waiting first."""
    return list(
        RefundLine.objects.claimable(now)
        .filter(plan__status=PlanStatus.APPROVED)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )


def cancellation_request_ids_overdue(*, now: datetime) -> list[int]:
    """Return requests still waiting for their seller `SELLER_RESPONSE_DAYS` after they were made."""
    deadline = now - timedelta(days=settings.SELLER_RESPONSE_DAYS)
    return list(
        CancellationRequest.objects.awaiting_decision()
        .filter(cancellation_type=CancellationType.REFUND, created_at__lte=deadline)
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )


def cancellation_plan_ids_to_confirm() -> list[int]:
    """Waiting cancellation plans that Seller Center has not yet confirmed nor said why not."""
    return list(
        CancellationPlan.objects.filter(
            status=PlanStatus.WAITING, plan_type=CancellationType.CANCEL, note=""
        ).values_list("pk", flat=True)[:SWEEP_BATCH]
    )


# Owner staff (Omnitron) -------------------------------------------------------------------------


def cancellation_request_list_for_owner() -> QuerySet[CancellationRequest]:
    return CancellationRequest.objects.all()


def cancellation_plan_list_for_owner() -> QuerySet[CancellationPlan]:
    return CancellationPlan.objects.all()


def cancellation_plan_list_for_order(*, order) -> QuerySet[CancellationPlan]:
    """The order's plans with their refund lines and items (and each item's order line)."""
    items = CancellationPlanItem.objects.select_related("order_item")
    return CancellationPlan.objects.filter(order=order).prefetch_related("refund_lines", Prefetch("items", items))


def cancellation_reason_list_for_owner() -> QuerySet[CancellationReason]:
    return CancellationReason.objects.all()


def outbound_email_list_for_owner() -> QuerySet[OutboundEmail]:
    return OutboundEmail.objects.all()
