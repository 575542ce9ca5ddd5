"""Returns Analytics' figures for a date range, read from the kept daily figures and sales.

Nothing here reads requests or orders themselves: a range of any length is a sum over
`DailyReturnFigures` and `DailySales` rows (one per day, seller, product and reason),
grouped once in the database.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Sum

from orders.models import DailySales, Product, Seller

from .choices import CancellationType
from .models import CancellationReason, DailyReturnFigures

TOP = 20


@dataclass
class Line:
    """One line of a table: what it is about and its counts."""

    label: str
    requests: int = 0
    items: int = 0
    sold: int = 0

    @property
    def rate(self) -> Decimal | None:
        """Items cancelled or returned per item sold, in percent (None when nothing was sold)."""
        if not self.sold:
            return None
        return (Decimal(self.items) * 100 / self.sold).quantize(Decimal("0.1"))


@dataclass
class Times:
    label: str
    decisions: int
    decision_median: int | None
    decision_p90: int | None
    refunds: int
    refund_median: int | None
    refund_p90: int | None


@dataclass
class Period:
    start: date
    end: date  # inclusive
    sold: int = 0
    cancellations: Line = field(default_factory=lambda: Line(""))
    returns: Line = field(default_factory=lambda: Line(""))
    refunded_amount: Decimal = Decimal("0.00")
    auto_approved: int = 0
    expired: int = 0
    lost: int = 0


@dataclass
class Report:
    current: Period
    previous: Period
    by_reason: list[Line]
    by_seller: list[Line]
    by_product: list[Line]
    refunds_by_week: list[tuple[date, Decimal]]
    times_by_seller: list[Times]


def percentile(histogram: dict[str, int], fraction: float) -> int | None:
    """The whole hours within which `fraction` of the counted requests were done (None if none)."""
    total = sum(histogram.values())
    if not total:
        return None
    needed, seen = fraction * total, 0
    for hours in sorted(histogram, key=int):
        seen += histogram[hours]
        if seen >= needed:
            return int(hours)
    return None


def _figures(start: date, end: date, sellers: list[int] | None):
    """The kept rows of the days start to end, of these sellers (None: of all)."""
    rows = DailyReturnFigures.objects.filter(day__gte=start, day__lte=end)
    sales = DailySales.objects.filter(day__gte=start, day__lte=end)
    if sellers is not None:
        rows, sales = rows.filter(seller_id__in=sellers), sales.filter(seller_id__in=sellers)
    return rows, sales


def period_figures(start: date, end: date, sellers: list[int] | None) -> Period:
    rows, sales = _figures(start, end, sellers)
    period = Period(start, end, sold=sales.aggregate(n=Sum("items"))["n"] or 0)
    period.cancellations.sold = period.returns.sold = period.sold
    totals = rows.values_list("cancellation_type").annotate(
        Sum("requests"), Sum("items"), Sum("refunded_amount"), Sum("auto_approved"), Sum("expired"), Sum("lost")
    )
    for kind, requests, items, amount, auto_approved, expired, lost in totals.order_by():
        line = period.cancellations if kind == CancellationType.CANCEL else period.returns
        line.requests, line.items = requests, items
        period.refunded_amount += amount
        period.auto_approved += auto_approved
        period.expired += expired
        period.lost += lost
    return period


def _top(lines: list[Line], others_label: str, sold: int) -> list[Line]:
    """The TOP lines with the most items, then one line for all others."""
    lines = sorted(lines, key=lambda line: (-line.items, line.label))
    if len(lines) <= TOP:
        return lines
    rest = Line(others_label, sold=sold)
    for line in lines[TOP:]:
        rest.requests += line.requests
        rest.items += line.items
    return [*lines[:TOP], rest]


def lines_by(
    dimension: str, start: date, end: date, sellers: list[int] | None, *, others: str, sold: int
) -> list[Line]:
    """Requests and items by reason, seller or product; rates of the items sold (of that seller
    or product; of everything for a reason)."""
    rows, sales = _figures(start, end, sellers)
    grouped = list(rows.values_list(f"{dimension}_id").annotate(Sum("requests"), Sum("items")).order_by())
    ids = [pk for pk, _requests, _items in grouped]
    if dimension == "reason":
        reasons = CancellationReason.objects.filter(pk__in=ids)
        names = {r.pk: f"{r.display_subject} ({r.get_cancellation_type_display()})" for r in reasons}
        sold_by = defaultdict(lambda: sold)
    else:
        model = Seller if dimension == "seller" else Product
        names = dict(model.objects.filter(pk__in=ids).values_list("pk", "name"))
        sold_by = defaultdict(int, sales.values_list(f"{dimension}_id").annotate(Sum("items")).order_by())
    lines = [Line(names.get(pk, str(pk)), requests, items, sold_by[pk]) for pk, requests, items in grouped]
    return _top(lines, others, sold)


def refunds_by_week(start: date, end: date, sellers: list[int] | None) -> list[tuple[date, Decimal]]:
    """Refunded money per week (weeks start on Monday), every week of the range listed."""
    rows, _sales = _figures(start, end, sellers)
    weeks: dict[date, Decimal] = {}
    monday = start - timedelta(days=start.weekday())
    while monday <= end:
        weeks[monday] = Decimal("0.00")
        monday += timedelta(days=7)
    for day, amount in rows.values_list("day").annotate(Sum("refunded_amount")).order_by():
        weeks[day - timedelta(days=day.weekday())] += amount
    return sorted(weeks.items())


def times_by_seller(start: date, end: date, sellers: list[int] | None) -> list[Times]:
    """Hours from request to decision and to refund, median and 90th percentile, per seller."""
    rows, _sales = _figures(start, end, sellers)
    decisions, refunds = defaultdict(dict), defaultdict(dict)
    for seller, decision_hours, refund_hours in rows.values_list("seller_id", "decision_hours", "refund_hours"):
        for total, histogram in ((decisions[seller], decision_hours), (refunds[seller], refund_hours)):
            for hours, count in histogram.items():
                total[hours] = total.get(hours, 0) + count
    names = dict(Seller.objects.filter(pk__in=list(decisions)).values_list("pk", "name"))
    return [
        Times(
            names[pk],
            sum(decisions[pk].values()),
            percentile(decisions[pk], 0.5),
            percentile(decisions[pk], 0.9),
            sum(refunds[pk].values()),
            percentile(refunds[pk], 0.5),
            percentile(refunds[pk], 0.9),
        )
        for pk in sorted(decisions, key=lambda pk: names[pk])
    ]


def analytics_report(*, start: date, end: date, sellers: list[int] | None, others: str) -> Report:
    """Everything Returns Analytics shows for the days start to end (inclusive), for some
    sellers or all, with the period of the same length just before it."""
    length = end - start
    current = period_figures(start, end, sellers)
    previous_end = start - timedelta(days=1)
    previous = period_figures(previous_end - length, previous_end, sellers)
    return Report(
        current=current,
        previous=previous,
        by_reason=lines_by("reason", start, end, sellers, others=others, sold=current.sold),
        by_seller=lines_by("seller", start, end, sellers, others=others, sold=current.sold),
        by_product=lines_by("product", start, end, sellers, others=others, sold=current.sold),
        refunds_by_week=refunds_by_week(start, end, sellers),
        times_by_seller=times_by_seller(start, end, sellers),
    )
