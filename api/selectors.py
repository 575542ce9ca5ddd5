"""Reads of the API's own rows, and of claims as the API shows them."""

from functools import cache

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from returns import refunds
from returns.choices import CancellationType
from returns.models import CancellationRequest
from returns.selectors import cancellation_request_list_for_seller

from .models import ApiKey

# What a claim shows, read as plain values in one query: no model instances per row, which
# cost more than the rest of a claim's serialisation (docs/benchmarks.md, "API").
ITEM_VALUES = ("id", "product_name", "sku", "quantity", "unit_price", "status", "discount_share")
PARCEL_VALUES = ("id", "return_code", "status", "carrier", "tracking_number", "tracking_url", "ship_by")
PARCEL_VALUES += ("shipped_at", "received_at", "updated_at")
CLAIM_VALUES = (
    "id",
    "seller_id",
    "cancellation_type",
    "status",
    "origin",
    "order__number",
    "order__currency",
    "reason_id",
    "reason__subject",
    "description",
    "quantity",
    "approved_without_return",
    "rejection_note",
    "created_at",
    "decided_at",
    "updated_at",
    "plan_item__amount",
    *(f"order_item__{name}" for name in ITEM_VALUES),
    *(f"return_shipment__{name}" for name in PARCEL_VALUES),
)


def api_key_get_active(*, prefix: str) -> ApiKey | None:
    """The unrevoked key with this prefix, with its user, or None."""
    try:
        return ApiKey.objects.active().select_related("user").get(prefix=prefix)  # prefixes are unique
    except ApiKey.DoesNotExist:
        return None


def api_key_list_for_owner() -> QuerySet[ApiKey]:
    return ApiKey.objects.select_related("user", "created_by")


def claim_list(queryset: QuerySet[CancellationRequest], *also: str) -> QuerySet[dict]:
    """Requests as the API's claims, newest first: the values of `CLAIM_VALUES` (and `also`).
    Each row reads as a claim through `claim_row`."""
    return queryset.order_by("-created_at", "-id").values(*CLAIM_VALUES, *also)


@cache
def claims_template(*also: str) -> QuerySet[dict]:
    """Every request as claims' values (`claim_list`), built once per process and never evaluated:
    resolving some forty related values costs more than the rest of a page's query, and each use
    filters a clone (`claims_all`), as DRF's views clone their `queryset`."""
    return claim_list(CancellationRequest.objects.all(), *also)


def claims_all(*also: str) -> QuerySet[dict]:
    return claims_template(*also).all()


def claim_list_for_owner() -> QuerySet[dict]:
    """Every seller's requests as claims' values, with the seller's slug, newest first."""
    return claims_all("seller__slug")


def claim_list_for_seller(*, user) -> QuerySet[dict]:
    """The seller's requests as claims' values (`claim_list`), newest first."""
    return cancellation_request_list_for_seller(user=user, requests=claims_all())


def claim_row(values: dict) -> dict:
    """A row of `claim_list` as the API shows it: its line and return parcel (None for a
    cancellation, or a return without one yet) nested, its return code, and what it refunds
    for its item: its plan's line once planned, else what the customer paid for the item (the
    plan's own calculation, shipping aside); `changed_at` is the later of the request's and its
    parcel's last change (what `updated_at` shows, and filters in `claims_filter`)."""
    item = {name: values[f"order_item__{name}"] for name in ITEM_VALUES}
    parcel = None
    if values["cancellation_type"] != CancellationType.CANCEL and values["return_shipment__id"] is not None:
        parcel = {name: values[f"return_shipment__{name}"] for name in PARCEL_VALUES}
    amount = values["plan_item__amount"]  # a plan line's amount is never null: None is no plan yet
    if amount is None:
        amount = refunds.item_refund(
            unit_price=item["unit_price"], quantity=item["quantity"], discount_share=item["discount_share"]
        )
    return {
        **values,
        "item": item,
        "return_tracking": parcel,
        "return_code": parcel["return_code"] if parcel else "",
        "refund_amount": amount,
        "changed_at": max(values["updated_at"], values["return_shipment__updated_at"] or values["updated_at"]),
    }


class ClaimPages:
    """Requests as a paginator reads them (any object with `count()` and slices will do): counted
    on the requests alone, a page's slice read from the same requests as claims' values
    (`claim_list`, filtered alike) and shown by `claim_row`."""

    def __init__(self, requests: QuerySet[CancellationRequest], claims: QuerySet[dict]):
        self.requests = requests
        self.claims = claims

    def count(self) -> int:
        return self.requests.count()

    def __getitem__(self, page: slice) -> list[dict]:
        return [claim_row(values) for values in self.claims[page]]


def claim_get_for_seller(*, user, request_id: int) -> dict:
    """One of the seller's requests (404 for another seller's), as a claim (`claim_row`)."""
    return claim_row(get_object_or_404(claim_list_for_seller(user=user), pk=request_id))
