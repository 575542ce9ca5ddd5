"""Returns Analytics' weekly figures: the daily figures summed by week, kept with them.

`WeeklyReturnFigures` (week, seller, reason), `WeeklyProductFigures` (week, product) and
`ReturnHours` (the hours histograms per seller, by day and by week, one row per bucket)
are what a long range reads: a range is its whole weeks from these plus its first and last
few days from the daily rows. They are worked out from daily figures by `levels_of`, the one
function that both the rebuild (over every daily figure) and each workflow step (over the
change it made to the daily rows it refreshed, added in the database under row locks) use.
"""

from collections import defaultdict
from decimal import Decimal

from django.db.models import F

from orders.figures import week_of

from .models import ReturnHours, WeeklyProductFigures, WeeklyReturnFigures
from .models.figures import COUNTS

WEEKLY_KEY = ("week", "seller_id", "reason_id", "cancellation_type")
PRODUCT_KEY = ("week", "seller_id", "product_id")
HOURS_KEY = ("period", "start", "seller_id", "measure", "hours")
HISTOGRAMS = {"decision_hours": ReturnHours.Measure.DECISION, "refund_hours": ReturnHours.Measure.REFUND}
LEVELS = ((WeeklyReturnFigures, WEEKLY_KEY), (WeeklyProductFigures, PRODUCT_KEY), (ReturnHours, HOURS_KEY))


def _weekly_empty() -> dict:
    return {**dict.fromkeys(COUNTS, 0), "refunded_amount": Decimal("0.00")}


def levels_of(figures: dict, sign: int = 1) -> tuple[dict, dict, dict]:
    """What these daily figures (key → values) add to each weekly level, times `sign`:
    the weekly figures, the weekly product figures and the hours rows, each key → values."""
    weeks: dict = defaultdict(_weekly_empty)
    products: dict = defaultdict(lambda: {"requests": 0, "items": 0})
    hours: dict = defaultdict(lambda: {"requests": 0})
    for (day, seller, product, reason, kind), values in figures.items():
        week = week_of(day)
        row = weeks[(week, seller, reason, kind)]
        for name in (*COUNTS, "refunded_amount"):
            row[name] += sign * values[name]
        row = products[(week, seller, product)]
        row["requests"] += sign * values["requests"]
        row["items"] += sign * values["items"]
        for field, measure in HISTOGRAMS.items():
            for bucket, count in values[field].items():
                hours[(ReturnHours.Period.DAY, day, seller, measure, int(bucket))]["requests"] += sign * count
                hours[(ReturnHours.Period.WEEK, week, seller, measure, int(bucket))]["requests"] += sign * count
    return weeks, products, hours


def _merged(before: dict, after: dict) -> tuple[dict, ...]:
    """The change from one set of daily figures to another, at each weekly level."""
    changes = levels_of(before, -1)
    for change, added in zip(changes, levels_of(after), strict=True):
        for key, values in added.items():
            row = change[key]
            for name, value in values.items():
                row[name] = row.get(name, 0) + value
    return changes


def levels_add(before: dict, after: dict) -> None:
    """Add to the weekly levels what the refreshed daily figures changed (`before` → `after`).

    Runs in the refresh's transaction, after the daily rows are locked. Each changed row is
    incremented in the database, in key order (two steps sharing a weekly row lock it in the
    same order, and neither loses the other's change); a row not there yet is created first
    (`ignore_conflicts`: a concurrent step creating it too waits on its unique index).
    """
    for (model, key_fields), change in zip(LEVELS, _merged(before, after), strict=True):
        for key in sorted(key for key, values in change.items() if any(values.values())):
            row = dict(zip(key_fields, key, strict=True))
            increments = {name: F(name) + value for name, value in change[key].items() if value}
            if not model.objects.filter(**row).update(**increments):
                model.objects.bulk_create([model(**row)], ignore_conflicts=True)
                model.objects.filter(**row).update(**increments)


def levels_rebuild(figures: dict) -> None:
    """Replace every weekly level by the sums of these (all) daily figures."""
    for (model, key_fields), rows in zip(LEVELS, levels_of(figures), strict=True):
        model.objects.all().delete()
        model.objects.bulk_create(
            [
                model(**dict(zip(key_fields, key, strict=True)), **values)
                for key, values in sorted(rows.items())
                if any(values.values())
            ],
            batch_size=5000,
        )


def levels_kept() -> tuple[dict, ...]:
    """The weekly levels as kept, without rows in which everything is zero."""
    kept = []
    for model, key_fields in LEVELS:
        value_fields = [f.attname for f in model._meta.concrete_fields if f.attname not in {"id", *key_fields}]
        rows = {}
        for row in model.objects.values(*key_fields, *value_fields):
            values = {name: row[name] for name in value_fields}
            if any(values.values()):
                rows[tuple(row[name] for name in key_fields)] = values
        kept.append(rows)
    return tuple(kept)


def levels_from_raw(figures: dict) -> tuple[dict, ...]:
    """The weekly levels these daily figures sum to, without empty rows (to compare with `levels_kept`)."""
    return tuple(
        {key: dict(values) for key, values in rows.items() if any(values.values())} for rows in levels_of(figures)
    )
