"""What an event says, to whom: the object as the API's own serializers show it.

The owner's subscriptions see claims as the owner's endpoints show them (with their
seller) and plans whole. A seller's see only their own: their claims, and of a plan
(which may span several sellers' items) its id, status and times with their own claims
in it, never its amounts, which include other sellers' items and the shipping fee.
"""

import json
from dataclasses import dataclass

from rest_framework import serializers
from rest_framework.renderers import JSONRenderer

from returns.events import PLAN_EVENTS
from returns.models import CancellationPlan, CancellationRequest
from returns.selectors import cancellation_plan_list_with_lines_for_owner

from ..selectors import claim_list, claim_row
from ..serializers import ClaimSerializer, OwnerClaimSerializer, PlanSerializer


class SellerPlanSerializer(serializers.ModelSerializer):
    """A plan as one seller of its items is told of it: their own claims, no amounts."""

    order_number = serializers.CharField(source="order.number")

    class Meta:
        model = CancellationPlan
        fields = ("id", "order_number", "plan_type", "status", "created_at", "approved_at", "completed_at")


@dataclass(frozen=True)
class Told:
    """One audience's view of an event: the owner's (seller None) or one seller's."""

    seller_id: int | None
    data: dict


def _plain(data) -> dict:
    """The serializer's output as the API sends it (decimals and times as strings)."""
    return json.loads(JSONRenderer().render(data))


def _claims(request_ids) -> list[dict]:
    queryset = CancellationRequest.objects.filter(pk__in=list(request_ids))
    return [claim_row(values) for values in claim_list(queryset, "seller__slug").order_by("pk")]


def views_of(event: str, *, request_ids, plan_id, owner: bool, seller_ids: set[int]) -> list[Told]:
    """The event as the owner (if `owner`) and each of `seller_ids` concerned by it see it."""
    if event in PLAN_EVENTS:
        return _plan_views(plan_id, owner=owner, seller_ids=seller_ids)
    told = []
    for claim in _claims(request_ids):
        if owner:
            told.append(Told(None, _plain(OwnerClaimSerializer(claim).data)))
        if claim["seller_id"] in seller_ids:
            told.append(Told(claim["seller_id"], _plain(ClaimSerializer(claim).data)))
    return told


def _plan_views(plan_id: int, *, owner: bool, seller_ids: set[int]) -> list[Told]:
    plan = cancellation_plan_list_with_lines_for_owner().get(pk=plan_id)
    told = [Told(None, _plain(PlanSerializer(plan).data))] if owner else []
    if seller_ids:
        claims = _claims(item.cancellation_request_id for item in plan.items.all())
        for seller_id in sorted({claim["seller_id"] for claim in claims} & seller_ids):
            data = _plain(SellerPlanSerializer(plan).data)
            data["claims"] = [_plain(ClaimSerializer(c).data) for c in claims if c["seller_id"] == seller_id]
            told.append(Told(seller_id, data))
    return told
