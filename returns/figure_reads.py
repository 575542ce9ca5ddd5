"""The grouped sums Returns Analytics reads, as plain SQL statements of our own.

Each read is one statement: the daily rows of a range's loose days and the weekly rows of its
whole weeks (`UNION ALL`), summed by what the table shows. The ORM would build and compile a
queryset for each part on every request, which costs about seven times what the database is
asked; these statements are short and fixed but for their dates and sellers, which are always
parameters. Tables and columns are the models' own (`_meta.db_table`), so a renamed field
fails the tests, and every statement runs on PostgreSQL and SQLite alike.
"""

from datetime import date
from decimal import Context, Decimal

from django.db import connection

CENT = Decimal("0.01")
FLOAT_TO_DECIMAL = Context(prec=15)  # as Django reads a SQLite decimal


def money(value) -> Decimal:
    """A sum of money as the database hands it: a Decimal (PostgreSQL) or a number (SQLite)."""
    if isinstance(value, Decimal):
        return value
    return FLOAT_TO_DECIMAL.create_decimal_from_float(float(value or 0)).quantize(CENT)


def day_of(value) -> date:
    """A date as the database hands it: a date, or (SQLite, out of a subquery) its ISO text."""
    return value if isinstance(value, date) else date.fromisoformat(value)


def _sellers(column: str, sellers: list[int] | None) -> tuple[str, list]:
    if sellers is None:
        return "", []
    if not sellers:
        return " AND 1 = 0", []
    return f" AND {column} IN ({', '.join(['%s'] * len(sellers))})", list(sellers)


def _ranges(column: str, ranges) -> tuple[str, list]:
    sql = " OR ".join(f"{column} BETWEEN %s AND %s" for _range in ranges)
    return f"({sql})", [day for pair in ranges for day in pair]


def rows_of(daily, weekly, spans, sellers: list[int] | None, columns: str) -> tuple[str, list]:
    """The rows of some spans as one statement: `moment` (the row's day or week) and `columns`,
    of `daily` for their loose days and of `weekly` for their whole weeks."""
    days = [pair for span in spans for pair in span.days]
    weeks = [span.weeks for span in spans if span.weeks]
    parts, params = [], []
    for model, column, ranges in ((daily, "day", days), (weekly, "week", weeks)):
        if ranges:
            where, dates = _ranges(column, ranges)
            only, ids = _sellers("seller_id", sellers)
            parts.append(f"SELECT {column} AS moment, {columns} FROM {model._meta.db_table} WHERE {where}{only}")  # noqa: S608 (no value in it)
            params += [*dates, *ids]
    return " UNION ALL ".join(parts), params


def grouped(rows: tuple[str, list], group: str, sums: str, join: str = "") -> list[tuple]:
    """`sums` of the rows per value of `group` (columns of the rows, `figures.`, or of `join`)."""
    sql, params = rows
    statement = f"SELECT {group}, {sums} FROM ({sql}) AS figures {join} GROUP BY {group}"  # noqa: S608 (no value in it)
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall()


def hours_rows(model, span, sellers: list[int] | None) -> list[tuple]:
    """Requests per seller, measure and whole hour, of the span's loose days and whole weeks."""
    parts, params = [], []
    for period, ranges in ((model.Period.DAY, span.days), (model.Period.WEEK, (span.weeks,) if span.weeks else ())):
        if ranges:
            where, dates = _ranges("start", ranges)
            parts.append(f"(period = %s AND {where})")
            params += [str(period), *dates]
    only, ids = _sellers("seller_id", sellers)
    statement = (
        f"SELECT seller_id, measure, hours, SUM(requests) FROM {model._meta.db_table} "  # noqa: S608 (no value in it)
        f"WHERE ({' OR '.join(parts)}) AND requests > 0{only} GROUP BY seller_id, measure, hours"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, [*params, *ids])
        return cursor.fetchall()
