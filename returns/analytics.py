"""Returns Analytics' figures for a date range, read from the kept figures and sales.

Nothing here reads requests or orders themselves, and nothing is summed row by row in
Python: a range is its whole weeks (Monday to Sunday), read from the weekly levels
(`WeeklyReturnFigures`, `WeeklyProductFigures`, `WeeklySales`, `ReturnHours` by week), plus
the days before its first and after its last whole week, read from the daily rows
(`DailyReturnFigures`, `DailySales`, `ReturnHours` by day); each grouped in the database by
what the table shows. A year is 52 weekly rows per seller and reason instead of 365 per
product and reason.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from orders.models import DailySales, Product, Seller, WeeklySales

from .choices import CancellationType
from .figure_reads import day_of, grouped, hours_rows, money, rows_of
from .models import CancellationReason, DailyReturnFigures, ReturnHours, WeeklyProductFigures, WeeklyReturnFigures

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


@dataclass(frozen=True)
class Span:
    """A range as the figures read it: the days read day by day (inclusive ranges) and the
    first and last Monday of its whole weeks (None when it holds no whole week)."""

    days: tuple[tuple[date, date], ...]
    weeks: tuple[date, date] | None


def span_of(start: date, end: date) -> Span:
    first = start + timedelta(days=-start.weekday() % 7)  # the first Monday from start on
    last = end - timedelta(days=(end.weekday() + 1) % 7)  # the last Sunday up to end
    if first > last:
        return Span(((start, end),), None)
    days = []
    if start < first:
        days.append((start, first - timedelta(days=1)))
    if last < end:
        days.append((last + timedelta(days=1), end))
    return Span(tuple(days), (first, last - timedelta(days=6)))


FIGURES = "requests, items, refunded_amount, auto_approved, expired, lost"
SUMS = "SUM(requests), SUM(items), SUM(refunded_amount), SUM(auto_approved), SUM(expired), SUM(lost)"
BY_KEY = "seller_id, reason_id, cancellation_type"


def _by_moment(spans: tuple[Span, ...], sellers) -> dict[tuple, list]:
    """The figures of some spans per date (day or week) and cancellation type."""
    rows = rows_of(DailyReturnFigures, WeeklyReturnFigures, spans, sellers, f"cancellation_type, {FIGURES}")
    return {
        (day_of(moment), kind): [requests, items, money(amount), *rest]
        for moment, kind, requests, items, amount, *rest in grouped(rows, "moment, cancellation_type", SUMS)
    }


def _by_key(span: Span, sellers) -> dict[tuple, list]:
    """Requests and items per seller, reason and cancellation type (BY_KEY)."""
    rows = rows_of(DailyReturnFigures, WeeklyReturnFigures, (span,), sellers, f"{BY_KEY}, requests, items")
    return {
        (seller, reason, kind): [n, items]
        for seller, reason, kind, n, items in grouped(rows, BY_KEY, "SUM(requests), SUM(items)")
    }


def _sold(span: Span, sellers) -> dict[tuple, int]:
    """Items sold per seller and product."""
    rows = rows_of(DailySales, WeeklySales, (span,), sellers, "seller_id, product_id, items")
    return {(seller, product): n for seller, product, n in grouped(rows, "seller_id, product_id", "SUM(items)")}


def _sold_in_all(span: Span, sellers) -> int:
    """Items sold, all sellers' and products' together."""
    rows = rows_of(DailySales, WeeklySales, (span,), sellers, "seller_id, items")
    return sum(n for _seller, n in grouped(rows, "seller_id", "SUM(items)"))


def _period(start: date, end: date, figures: dict[tuple, list], sold: int) -> Period:
    """A period's totals from its figures grouped by anything ending with the cancellation type."""
    period = Period(start, end, sold=sold)
    period.cancellations.sold = period.returns.sold = sold
    for key, (requests, items, amount, auto_approved, expired, lost) in figures.items():
        line = period.cancellations if key[-1] == CancellationType.CANCEL else period.returns
        line.requests += requests
        line.items += items
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


def _lines(grouped: dict, names: dict, sold_by, others: str, sold: int) -> list[Line]:
    lines = [Line(names.get(pk, str(pk)), requests, items, sold_by[pk]) for pk, (requests, items) in grouped.items()]
    return _top(lines, others, sold)


def _by(figures: dict[tuple, list], position: int) -> dict[int, list]:
    """Requests and items of the figures (grouped by BY_KEY) per seller (0) or reason (1)."""
    grouped: dict[int, list] = defaultdict(lambda: [0, 0])
    for key, (requests, items, *_rest) in figures.items():
        grouped[key[position]][0] += requests
        grouped[key[position]][1] += items
    return grouped


def lines_by_reason(figures: dict, *, others: str, sold: int) -> list[Line]:
    """Requests and items by reason; rates of everything sold."""
    grouped = _by(figures, 1)
    reasons = CancellationReason.objects.filter(pk__in=list(grouped)).only("subject", "subject_tr", "cancellation_type")
    names = {r.pk: f"{r.display_subject} ({r.get_cancellation_type_display()})" for r in reasons}
    return _lines(grouped, names, defaultdict(lambda: sold), others, sold)


def seller_names(pks, names: dict[int, str] | None = None) -> dict[int, str]:
    """The names of these sellers: from `names` (every seller's, when the caller has them), else read."""
    if names is not None:
        return names
    return dict(Seller.objects.filter(pk__in=list(pks)).values_list("pk", "name"))


def lines_by_seller(figures: dict, sales: dict, *, others: str, sold: int, names=None) -> list[Line]:
    """Requests and items by seller; rates of what that seller sold."""
    grouped = _by(figures, 0)
    names = seller_names(grouped, names)
    sold_by = defaultdict(int)
    for (seller, _product), n in sales.items():
        sold_by[seller] += n
    return _lines(grouped, names, sold_by, others, sold)


def lines_by_product(span: Span, sellers, sales: dict, *, others: str, sold: int) -> list[Line]:
    """Requests and items by product; rates of what that product sold."""
    rows = rows_of(DailyReturnFigures, WeeklyProductFigures, (span,), sellers, "product_id, requests, items")
    join = f"JOIN {Product._meta.db_table} AS product ON product.id = figures.product_id"
    sums = grouped(rows, "figures.product_id, product.name", "SUM(figures.requests), SUM(figures.items)", join)
    names = {product: name for product, name, _requests, _items in sums}
    sold_by = defaultdict(int, {product: n for (_seller, product), n in sales.items()})
    return _lines({product: (n, items) for product, _name, n, items in sums}, names, sold_by, others, sold)


def refunds_by_week(start: date, end: date, by_moment: dict[tuple, list]) -> list[tuple[date, Decimal]]:
    """Refunded money per week (weeks start on Monday), every week of the range listed, of the
    range's figures by day or week (and anything after it)."""
    weeks: dict[date, Decimal] = {}
    monday = start - timedelta(days=start.weekday())
    while monday <= end:
        weeks[monday] = Decimal("0.00")
        monday += timedelta(days=7)
    for (day, *_rest), (_requests, _items, amount, *_others) in by_moment.items():
        weeks[day - timedelta(days=day.weekday())] += amount
    return sorted(weeks.items())


def times_by_seller(start: date, end: date, sellers: list[int] | None, shown=(), names=None) -> list[Times]:
    """Hours from request to decision and to refund, median and 90th percentile, per seller
    with figures in the range (`shown`, and any with hours): the hours buckets of the range's
    days and whole weeks, summed in the database."""
    histograms = {ReturnHours.Measure.DECISION: defaultdict(dict), ReturnHours.Measure.REFUND: defaultdict(dict)}
    for seller, measure, hours, count in hours_rows(ReturnHours, span_of(start, end), sellers):
        histograms[measure][seller][hours] = count
    for seller in shown:
        histograms[ReturnHours.Measure.DECISION].setdefault(seller, {})  # listed, if with no hours
    decisions, refunds = histograms[ReturnHours.Measure.DECISION], histograms[ReturnHours.Measure.REFUND]
    names = seller_names(decisions, names)
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


def analytics_report(*, start: date, end: date, sellers: list[int] | None, others: str, names=None) -> Report:
    """Everything Returns Analytics shows for the days start to end (inclusive), for some
    sellers or all, with the period of the same length just before it (`names`: every
    seller's name by id, when the caller has read them). The totals of both periods and the
    refunds by week are one reading of both periods' figures by date and type."""
    span = span_of(start, end)
    previous_end = start - timedelta(days=1)
    previous_start = previous_end - (end - start)
    before = span_of(previous_start, previous_end)
    by_moment = _by_moment((span, before), sellers)
    current = {key: values for key, values in by_moment.items() if key[0] >= start}
    previous = {key: values for key, values in by_moment.items() if key[0] < start}
    figures = _by_key(span, sellers)
    sales = _sold(span, sellers)
    sold = sum(sales.values())
    return Report(
        current=_period(start, end, current, sold),
        previous=_period(previous_start, previous_end, previous, _sold_in_all(before, sellers)),
        by_reason=lines_by_reason(figures, others=others, sold=sold),
        by_seller=lines_by_seller(figures, sales, others=others, sold=sold, names=names),
        by_product=lines_by_product(span, sellers, sales, others=others, sold=sold),
        refunds_by_week=refunds_by_week(start, end, current),
        times_by_seller=times_by_seller(start, end, sellers, {key[0] for key in figures}, names),
    )
