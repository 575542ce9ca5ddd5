"""Items sold per day and per week, seller and product (`DailySales`, `WeeklySales`), counted in
the order's own transaction."""

from collections import Counter
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import F, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from .models import DailySales, OrderItem, WeeklySales

SalesKey = tuple[date, int, int]  # day, seller id, product id


def sales_day(moment: datetime) -> date:
    """The day figures count a moment in: the calendar day in the site's time zone."""
    return timezone.localtime(moment, timezone.get_default_timezone()).date()


def week_of(day: date) -> date:
    """The Monday of a day's week: the key of the weekly figures."""
    return day - timedelta(days=day.weekday())


def daily_sales_record(*, order, lines) -> None:
    """Add a placed order's lines ((product, quantity) pairs) to its day's sales, one row per
    seller and product.

    Rows are created if missing (a concurrent order creating the same row waits on its
    unique index) and then incremented in the database, so two orders never lose a count.
    """
    counts: Counter[SalesKey] = Counter()
    for product, quantity in lines:
        counts[(sales_day(order.created_at), product.seller_id, product.pk)] += quantity
    _add(DailySales, "day", counts)
    weekly_sales_add(counts)


def weekly_sales_add(counts: dict[SalesKey, int]) -> None:
    """Add daily counts of items sold to their weeks' sales."""
    _add(WeeklySales, "week", weekly(counts))


def weekly(counts: dict[SalesKey, int]) -> Counter[SalesKey]:
    """Daily counts summed into their weeks."""
    weeks: Counter[SalesKey] = Counter()
    for (day, seller, product), items in counts.items():
        weeks[(week_of(day), seller, product)] += items
    return weeks


def _add(model, period: str, counts: Counter) -> None:
    keys = sorted(counts)
    model.objects.bulk_create(
        [model(**{period: day}, seller_id=seller, product_id=product) for day, seller, product in keys],
        ignore_conflicts=True,
    )
    for day, seller, product in keys:  # in key order: two orders lock shared rows in the same order
        model.objects.filter(**{period: day}, seller_id=seller, product_id=product).update(
            items=F("items") + counts[(day, seller, product)]
        )


def daily_sales_from_raw() -> dict[SalesKey, int]:
    """Items sold per day, seller and product, counted from the order lines themselves."""
    zone = timezone.get_default_timezone()
    rows = (
        OrderItem.objects.annotate(day=TruncDate("order__created_at", tzinfo=zone))
        .values_list("day", "seller_id", "product_id")
        .annotate(sold=Sum("quantity"))
        .order_by()
    )
    return {(day, seller, product): sold for day, seller, product, sold in rows.iterator(chunk_size=5000)}


def daily_sales_kept(model=DailySales) -> dict[SalesKey, int]:
    """The sales as kept (daily, or `WeeklySales` by week), without empty rows."""
    period = "day" if model is DailySales else "week"
    rows = model.objects.filter(items__gt=0).values_list(period, "seller_id", "product_id", "items")
    return {(day, seller, product): items for day, seller, product, items in rows}


@transaction.atomic
def daily_sales_rebuild() -> int:
    """Count every order line again from the raw rows (after a bulk load or a repair), by day and by week."""
    DailySales.objects.all().delete()
    WeeklySales.objects.all().delete()
    daily = daily_sales_from_raw()
    WeeklySales.objects.bulk_create(
        [
            WeeklySales(week=week, seller_id=seller, product_id=product, items=items)
            for (week, seller, product), items in weekly(daily).items()
        ],
        batch_size=5000,
    )
    rows = [
        DailySales(day=day, seller_id=seller, product_id=product, items=items)
        for (day, seller, product), items in daily.items()
    ]
    return len(DailySales.objects.bulk_create(rows, batch_size=5000))
