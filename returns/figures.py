"""Returns Analytics' daily figures (`DailyReturnFigures`), kept up to date by the workflow.

Every workflow step that changes what a request counts as (opened, approved, rejected,
withdrawn, expired, lost, refunded) calls `figures_refresh` with the requests it moved, in
its own transaction. The rows those requests count in are locked and worked out again from
the raw rows of their keys, by the same function that `figures_rebuild` (the
`rebuild_figures` command) runs over every row: the two cannot drift apart by arithmetic,
only by a step that forgets to call, which the property test looks for.
"""

import math
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import reduce
from operator import or_

from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from accounts.models import system_user
from orders.figures import sales_day

from .choices import CancellationType, PlanStatus, RequestStatus, ReturnShipmentStatus
from .figure_levels import levels_add, levels_rebuild
from .models import CancellationPlanItem, CancellationRequest, DailyReturnFigures
from .models.figures import COUNTS

Key = tuple[date, int, int, int, str]  # day, seller id, product id, reason id, cancellation type
APPROVED = (RequestStatus.APPROVED, RequestStatus.COMPLETED)
DECIDED = (*APPROVED, RequestStatus.REJECTED)
REQUEST_FIELDS = (
    "created_at",
    "seller_id",
    "order_item__product_id",
    "reason_id",
    "cancellation_type",
    "quantity",
    "status",
    "decided_at",
    "decided_by_id",
    "return_shipment__status",
    "plan_item__plan__status",
    "plan_item__plan__completed_at",
)
REFUND_FIELDS = (
    "plan__completed_at",
    "cancellation_request__seller_id",
    "cancellation_request__order_item__product_id",
    "cancellation_request__reason_id",
    "cancellation_request__cancellation_type",
    "amount",
    "plan__shipping_amount",
    "is_first",
)


def _empty() -> dict:
    return {**dict.fromkeys(COUNTS, 0), "refunded_amount": Decimal("0.00"), "decision_hours": {}, "refund_hours": {}}


def hours_bucket(start: datetime, end: datetime) -> str:
    """Whole hours from start to end, rounded up ("0" for at once)."""
    return str(max(0, math.ceil((end - start).total_seconds() / 3600)))


def _add_hours(histogram: dict, start: datetime, end: datetime) -> None:
    bucket = hours_bucket(start, end)
    histogram[bucket] = histogram.get(bucket, 0) + 1


def figures_of(requests: QuerySet, refunds: QuerySet, *, system_id: int | None = None) -> dict[Key, dict]:
    """The figures of these requests (by the day each was opened) and of these plan items'
    refunds (by the day each plan completed; a plan's shipping refund counts with its first item).
    `system_id`: the system user's (read when not given)."""
    rows = requests.values_list(*REQUEST_FIELDS)
    first = ~Exists(CancellationPlanItem.objects.filter(plan=OuterRef("plan"), pk__lt=OuterRef("pk")))
    paid = refunds.filter(plan__status=PlanStatus.COMPLETED, plan__completed_at__isnull=False).annotate(is_first=first)
    return figures_of_rows(
        rows.iterator(chunk_size=5000),
        paid.values_list(*REFUND_FIELDS),
        system_id=system_id or system_user().pk,
    )


def figures_of_rows(requests: Iterable[tuple], refunds: Iterable[tuple], *, system_id: int) -> dict[Key, dict]:
    """`figures_of` over rows already read: requests' values of `REQUEST_FIELDS` and completed
    plans' items' values of `REFUND_FIELDS`."""
    figures: dict[Key, dict] = defaultdict(_empty)
    for row in requests:
        created, seller, product, reason, kind, quantity, status, decided_at, decided_by, parcel, plan, paid_at = row
        f = figures[(sales_day(created), seller, product, reason, kind)]
        f["requests"] += 1
        f["items"] += quantity
        f["approved"] += status in APPROVED
        f["rejected"] += status == RequestStatus.REJECTED
        f["withdrawn"] += status == RequestStatus.WITHDRAWN
        f["expired"] += status == RequestStatus.EXPIRED
        f["lost"] += parcel == ReturnShipmentStatus.LOST
        f["auto_approved"] += kind == CancellationType.REFUND and status in APPROVED and decided_by == system_id
        if status in DECIDED and decided_at is not None:
            _add_hours(f["decision_hours"], created, decided_at)
        if plan == PlanStatus.COMPLETED and paid_at is not None:
            f["refunded"] += 1
            _add_hours(f["refund_hours"], created, paid_at)
    for paid_at, seller, product, reason, kind, amount, shipping, is_first in refunds:
        f = figures[(sales_day(paid_at), seller, product, reason, kind)]
        f["refunded_amount"] += amount + (shipping if is_first else Decimal("0.00"))
    return figures


def figures_of_plan(plan, requests: list, *, product_ids: dict[int, int], system_id: int) -> dict[Key, dict]:
    """`figures_of` over a plan's requests as the caller holds them: all of them, locked, each
    with its plan item and parcel read (`lock_plan_requests`), and the plan locked; `product_ids`:
    each order item's product. Taken before and after the plan settles (for `figures_add`), from
    the same objects that the settling changed, instead of reading them back."""
    first = min((r.plan_item.pk for r in requests), default=None)
    rows, refunds = [], []
    for r in requests:
        try:
            parcel = r.return_shipment.status
        except ObjectDoesNotExist:
            parcel = None
        product = product_ids[r.order_item_id]
        key = (r.seller_id, product, r.reason_id, r.cancellation_type)
        paid = (plan.status, plan.completed_at)
        rows.append((r.created_at, *key, r.quantity, r.status, r.decided_at, r.decided_by_id, parcel, *paid))
        if plan.status == PlanStatus.COMPLETED and plan.completed_at is not None:
            refunds.append((plan.completed_at, *key, r.plan_item.amount, plan.shipping_amount, r.plan_item.pk == first))
    return dict(figures_of_rows(rows, refunds, system_id=system_id))


def _day_range(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time.min, tzinfo=timezone.get_default_timezone())
    return start, start + timedelta(days=1)


def _of_keys(keys: Iterable[Key], *, request: str, moment: str) -> Q:
    """Rows of these figures' keys: `request` leads from the row to its request ("" for a
    request itself), `moment` is the field whose day the figure counts."""
    matches = []
    for day, seller, product, reason, kind in keys:
        start, end = _day_range(day)
        matches.append(
            Q(
                **{
                    f"{request}seller_id": seller,
                    f"{request}order_item__product_id": product,
                    f"{request}reason_id": reason,
                    f"{request}cancellation_type": kind,
                    f"{moment}__gte": start,
                    f"{moment}__lt": end,
                }
            )
        )
    return reduce(or_, matches)


def _keys_of(request_ids: Iterable[int]) -> set[Key]:
    """The rows these requests count in: the day each was opened, and the day its refund completed."""
    keys = set()
    fields = ("created_at", "seller_id", "order_item__product_id", "reason_id", "cancellation_type")
    for *key, paid_at in CancellationRequest.objects.filter(pk__in=list(request_ids)).values_list(
        *fields, "plan_item__plan__completed_at"
    ):
        created, *rest = key
        keys.add((sales_day(created), *rest))
        if paid_at is not None:
            keys.add((sales_day(paid_at), *rest))
    return keys


def _row(key: Key, **values) -> DailyReturnFigures:
    day, seller, product, reason, kind = key
    return DailyReturnFigures(
        day=day, seller_id=seller, product_id=product, reason_id=reason, cancellation_type=kind, **values
    )


def figures_refresh(*, request_ids: Iterable[int], system=None) -> None:
    """Work out again, from the raw rows, the figures these requests count in (`system`: the
    system user, when the caller has it at hand).

    Runs in the caller's transaction (and makes one when called outside any, without a
    savepoint inside one: a failure here fails the step). The rows are created if missing,
    then locked in key order (a concurrent step on the same rows waits, and then reads this
    one's committed requests), then written.
    """
    keys = sorted(_keys_of(request_ids))
    if not keys:
        return
    with transaction.atomic(savepoint=False):
        rows = _locked_rows(keys)
        figures = figures_of(
            CancellationRequest.objects.filter(_of_keys(keys, request="", moment="created_at")),
            CancellationPlanItem.objects.filter(
                _of_keys(keys, request="cancellation_request__", moment="plan__completed_at")
            ),
            system_id=system.pk if system else None,
        )
        before = {key: {name: getattr(row, name) for name in FIELDS} for key, row in rows.items()}
        after = {key: figures.get(key) or _empty() for key in keys}
        for key in keys:
            row = rows[key]
            for name, value in after[key].items():
                setattr(row, name, value)
        DailyReturnFigures.objects.bulk_update(rows.values(), FIELDS)
        levels_add(before, after)


def _locked_rows(keys: list[Key]) -> dict[Key, DailyReturnFigures]:
    """The rows of these keys (sorted), created if missing, locked in key order.

    Most steps find their rows there: they are locked at once, and only when one is missing
    are the missing ones created (a concurrent step creating them too waits on the unique
    index) and all of them locked again, in key order."""
    rows = _lock_rows(keys)
    if len(rows) < len(keys):
        DailyReturnFigures.objects.bulk_create([_row(key) for key in keys if key not in rows], ignore_conflicts=True)
        rows = _lock_rows(keys)
    return rows


def _lock_rows(keys: list[Key]) -> dict[Key, DailyReturnFigures]:
    rows = DailyReturnFigures.objects.select_for_update().filter(reduce(or_, (_key_q(key) for key in keys)))
    if len(keys) > 1:  # one row (a refund's day, most often) has no order to lock in
        rows = rows.order_by("day", "seller_id", "product_id", "reason_id", "cancellation_type")
    return {(row.day, row.seller_id, row.product_id, row.reason_id, row.cancellation_type): row for row in rows}


def figures_add(before: dict[Key, dict], after: dict[Key, dict]) -> None:
    """Add to the kept rows what a step changed for the requests it moved: their contribution
    `after` the step minus `before` it (`figures_of_plan`). The same sums as a refresh,
    reading only the moved requests instead of every request of their keys (a refund of a
    product returned a thousand times that day reads one request, not a thousand).

    Runs in the caller's transaction; the rows are created if missing and locked in key order,
    then changed (counts and money added, histogram buckets moved) and written.
    """
    keys = sorted(key for key in {*before, *after} if before.get(key, _empty()) != after.get(key, _empty()))
    if not keys:
        return
    with transaction.atomic(savepoint=False):
        rows = _locked_rows(keys)
        for key in keys:
            row, old, new = rows[key], before.get(key, _empty()), after.get(key, _empty())
            changed = [name for name in (*COUNTS, "refunded_amount") if new[name] != old[name]]
            for name in changed:
                setattr(row, name, getattr(row, name) + new[name] - old[name])
            for name in HISTOGRAMS:
                if new[name] == old[name]:
                    continue
                histogram = dict(getattr(row, name))
                for bucket in {*old[name], *new[name]}:
                    count = histogram.get(bucket, 0) + new[name].get(bucket, 0) - old[name].get(bucket, 0)
                    if count:
                        histogram[bucket] = count
                    else:
                        histogram.pop(bucket, None)
                setattr(row, name, histogram)
                changed.append(name)
            # One row (a refund's day) most often: its changed columns, not `bulk_update`'s CASE of all.
            row.save(update_fields=changed)
        levels_add(before, after)


HISTOGRAMS = ("decision_hours", "refund_hours")
FIELDS = [*COUNTS, "refunded_amount", *HISTOGRAMS]


def _key_q(key: Key) -> Q:
    day, seller, product, reason, kind = key
    return Q(day=day, seller_id=seller, product_id=product, reason_id=reason, cancellation_type=kind)


def figures_from_raw() -> dict[Key, dict]:
    """Every figure, worked out from all the raw rows."""
    return dict(figures_of(CancellationRequest.objects.all(), CancellationPlanItem.objects.all()))


def figures_kept() -> dict[Key, dict]:
    """The figures as kept, without rows in which everything is zero."""
    fields = FIELDS
    kept = {}
    for row in DailyReturnFigures.objects.all():
        values = {name: getattr(row, name) for name in fields}
        if any(values.values()):
            kept[(row.day, row.seller_id, row.product_id, row.reason_id, row.cancellation_type)] = values
    return kept


@transaction.atomic
def figures_rebuild() -> int:
    """Work out every figure again from the raw rows (after a bulk load, or to check the kept ones),
    the daily rows and the weekly levels summed from them."""
    DailyReturnFigures.objects.all().delete()
    figures = figures_from_raw()
    rows = [_row(key, **values) for key, values in sorted(figures.items())]
    DailyReturnFigures.objects.bulk_create(rows, batch_size=2000)
    levels_rebuild(figures)
    return len(rows)
