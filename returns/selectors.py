"""Reads scoped to the person asking."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from orders.selectors import seller_ids_for_user

from .models import CancellationReason, CancellationRequest


def cancellation_request_list_for_order(*, order) -> QuerySet[CancellationRequest]:
    return (
        CancellationRequest.objects.filter(order=order)
        .select_related("reason", "order_item", "plan_item")
        .order_by("-created_at", "-id")
    )


def cancellation_request_get_for_customer(*, user, number: str, request_id: int) -> CancellationRequest:
    return get_object_or_404(
        CancellationRequest.objects.filter(order__customer=user, order__number=number), pk=request_id
    )


def cancellation_reason_list_active() -> list[CancellationReason]:
    return list(CancellationReason.objects.active())


def cancellation_request_list_for_seller(*, user) -> QuerySet[CancellationRequest]:
    return CancellationRequest.objects.filter(seller_id__in=seller_ids_for_user(user=user))
