"""A range's figures read from its whole weeks and its loose days equal the sums of its days."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from returns.analytics import Span, analytics_report, span_of
from tests.factories import DailyReturnFiguresFactory, DailySalesFactory, ProductFactory

pytestmark = pytest.mark.django_db


def test_a_range_is_its_whole_weeks_and_the_days_before_and_after_them():
    wednesday, tuesday = date(2026, 3, 4), date(2026, 3, 24)
    assert span_of(wednesday, tuesday) == Span(
        ((wednesday, date(2026, 3, 8)), (date(2026, 3, 23), tuesday)), (date(2026, 3, 9), date(2026, 3, 16))
    )
    assert span_of(date(2026, 3, 9), date(2026, 3, 22)) == Span((), (date(2026, 3, 9), date(2026, 3, 16)))
    assert span_of(wednesday, date(2026, 3, 10)) == Span(((wednesday, date(2026, 3, 10)),), None)


def test_a_long_range_counts_every_day_once_whether_read_by_week_or_by_day(seller, other_seller):
    shirt, lamp = ProductFactory(seller=seller, name="Shirt"), ProductFactory(seller=other_seller, name="Lamp")
    start = date(2026, 1, 7)  # a Wednesday
    for n in range(0, 60, 3):
        day = start + timedelta(days=n)
        product = shirt if n % 2 else lamp
        DailySalesFactory(product=product, day=day, items=10)
        DailyReturnFiguresFactory(
            product=product,
            day=day,
            requests=1,
            items=2,
            refunded_amount=Decimal("10.00"),
            decision_hours={str(n % 7): 1},
            refund_hours={str(n): 1},
        )
    end = start + timedelta(days=50)  # a Sunday and a Monday 7 weeks on: loose days at both ends
    report = analytics_report(start=start, end=end, sellers=None, others="others")
    days = [start + timedelta(days=n) for n in range(0, 51, 3)]
    assert report.current.sold == 10 * len(days)
    assert report.current.returns.items == 2 * len(days)
    assert sum(amount for _week, amount in report.refunds_by_week) == Decimal("10.00") * len(days)
    for monday, amount in report.refunds_by_week:
        assert amount == Decimal("10.00") * sum(1 for day in days if monday <= day < monday + timedelta(days=7))
    by_seller = {line.label: (line.requests, line.sold) for line in report.by_seller}
    assert by_seller == {
        seller.name: (sum(1 for d in days if (d - start).days % 2), sum(10 for d in days if (d - start).days % 2)),
        other_seller.name: (
            sum(1 for d in days if not (d - start).days % 2),
            sum(10 for d in days if not (d - start).days % 2),
        ),
    }
    times = {t.label: (t.decisions, t.refunds, t.refund_p90) for t in report.times_by_seller}
    shirt_refunds = sorted((d - start).days for d in days if (d - start).days % 2)
    assert times[seller.name][:2] == (len(shirt_refunds), len(shirt_refunds))
    assert times[seller.name][2] == shirt_refunds[-(-9 * len(shirt_refunds) // 10) - 1]
