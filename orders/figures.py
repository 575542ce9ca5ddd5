"""Items sold per day, seller and product (`DailySales`), counted in the order's own transaction."""

from collections import Counter
from datetime import date, datetime

from django.db import transaction
from django.db.models import F, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from .models import DailySales, OrderItem

SalesKey = tuple[date, int, int]  # day, seller id, product id


def sales_day(moment: datetime) -> date:
    """The day figures count a moment in: the calendar day in the site's time zone."""
    return timezone.localtime(moment, timezone.get_default_timezone()).date()


def daily_sales_record(*, order, lines) -> None:
    """Add a placed order's lines ((product, quantity) pairs) to its day's sales, one row per
    seller and product.

    Rows are created if missing (a concurrent order creating the same row waits on its
    unique index) and then incremented in the database, so two orders never lose a count.
    """
    counts: Counter[SalesKey] = Counter()
    for product, quantity in lines:
        counts[(sales_day(order.created_at), product.seller_id, product.pk)] += quantity
    _add(counts)


def _add(counts: Counter) -> None:
    keys = sorted(counts)
    DailySales.objects.bulk_create(
        [DailySales(day=day, seller_id=seller, product_id=product) for day, seller, product in keys],
        ignore_conflicts=True,
    )
    for day, seller, product in keys:  # in key order: two orders lock shared rows in the same order
        DailySales.objects.filter(day=day, seller_id=seller, product_id=product).update(
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


def daily_sales_kept() -> dict[SalesKey, int]:
    rows = DailySales.objects.filter(items__gt=0).values_list("day", "seller_id", "product_id", "items")
    return {(day, seller, product): items for day, seller, product, items in rows}


@transaction.atomic
def daily_sales_rebuild() -> int:
    """Count every order line again from the raw rows (after a bulk load or a repair)."""
    DailySales.objects.all().delete()
    rows = [
        DailySales(day=day, seller_id=seller, product_id=product, items=items)
        for (day, seller, product), items in daily_sales_from_raw().items()
    ]
    return len(DailySales.objects.bulk_create(rows, batch_size=5000))
