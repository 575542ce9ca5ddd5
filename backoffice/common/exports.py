"""CSV exports of a change list: the selected rows (an action) or everything its filters and
search match (`export/`), streamed a chunk of rows at a time in the reader's language.

The rows are the change list's own queryset (`get_changelist_instance`), so an export can
never hold a row the list would not show: a seller's export is the seller's rows. Only the
columns written are read (`values_list`), through a server-side cursor on PostgreSQL
(`iterator`), so memory stays flat however many rows match.
"""

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, time
from functools import lru_cache
from itertools import islice

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.urls import path
from django.utils import formats, timezone, translation
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from orders.templatetags.money import money

CHUNK_ROWS = 2000  # rows fetched from the cursor and written to the response at a time


@dataclass(frozen=True)
class Column:
    """One column of an export: its header (the list's), the `values_list` paths it reads,
    and how the values become text (`str` of the first by default)."""

    header: str
    fields: tuple[str, ...]
    text: Callable | None = None


def as_money(value, currency: str = "TRY") -> str:
    return money(value, currency)


def as_datetime(value) -> str:
    """The language's short date and its time of day ("12/02/2026 1:05 p.m.", "02.12.2026 13:05").

    Each part is Django's own localized format, worked out once per day and per minute of
    the day in each language: a million rows span few of either, and formatting every
    datetime afresh took three quarters of an export's time.
    """
    if value is None:
        return ""
    local = timezone.localtime(value)
    language = translation.get_language()
    return f"{_day(language, local.date())} {_minute(language, local.hour, local.minute)}"


@lru_cache(maxsize=8192)
def _day(language: str, day: date) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


@lru_cache(maxsize=4096)
def _minute(language: str, hour: int, minute: int) -> str:
    return formats.time_format(time(hour, minute), "TIME_FORMAT")


def as_yes_no(value) -> str:
    return _("Yes") if value else _("No")


def as_choice(choices) -> Callable:
    """The label of a choice in the reader's language (translated once per language)."""
    labels = dict(choices)

    @lru_cache(maxsize=256)
    def label(language: str, value) -> str:
        return str(labels.get(value, value))

    return lambda value: label(translation.get_language(), value)


def as_reason(subject: str, subject_tr: str) -> str:
    """A reason's subject as `CancellationReason.display_subject` words it."""
    return subject_tr if subject_tr and translation.get_language() == "tr" else subject


def field_column(model, name: str, text: Callable | None = None, *, path: str | tuple[str, ...] = "") -> Column:
    """A column named as the list names a model field (its verbose name, capitalised), reading
    `path` (the field by default; several paths give `text` several values)."""
    field = model._meta.get_field(name)
    header = "ID" if field.primary_key else capfirst(field.verbose_name)
    if text is None and field.choices:
        text = as_choice(field.choices)
    return Column(header, (path,) if isinstance(path, str) and path else path or (name,), text)


def csv_rows(queryset: QuerySet, columns: Iterable[Column]) -> Iterator[str]:
    """The CSV text of the queryset, a header then CHUNK_ROWS rows per piece, in the active
    language and time zone (taken now: the pieces are written after the view has returned)."""
    columns = tuple(columns)
    language, zone = translation.get_language(), timezone.get_current_timezone()
    fields = [name for column in columns for name in column.fields]
    rows = iter(queryset.values_list(*fields).iterator(chunk_size=CHUNK_ROWS))
    with translation.override(language):
        yield "\ufeff" + _csv_text([[str(column.header) for column in columns]])  # a BOM: spreadsheets read UTF-8
    while True:
        with translation.override(language), timezone.override(zone):
            chunk = [_cells(row, columns) for row in islice(rows, CHUNK_ROWS)]
            if not chunk:
                return
            text = _csv_text(chunk)
        yield text


def _cells(row: tuple, columns: tuple[Column, ...]) -> list[str]:
    cells, at = [], 0
    for column in columns:
        values = row[at : at + len(column.fields)]
        at += len(column.fields)
        if column.text is not None:
            cells.append(column.text(*values))
        else:
            cells.append("" if values[0] is None else str(values[0]))
    return cells


def _csv_text(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue()


def csv_response(queryset: QuerySet, columns: Iterable[Column], filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(csv_rows(queryset, columns), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


class CsvExportMixin:
    """A change list's CSV export: the `export_selected` action and an "Export all matching"
    link (`export/` with the list's own query string). Who may view the list may export it."""

    export_columns: tuple[Column, ...] = ()
    change_list_template = "admin/export_change_list.html"

    def get_export_columns(self, request) -> tuple[Column, ...]:
        return self.export_columns

    def export_filename(self) -> str:
        """The list's name in the reader's language, in letters any browser saves a file under:
        "iptal-iade-talepleri" (lower-casing "İ" itself would leave a combining dot behind)."""
        return slugify(str(self.opts.verbose_name_plural).replace("/", " "))

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_export"
        return [path("export/", self.admin_site.admin_view(self.export_view), name=name), *super().get_urls()]

    def export_view(self, request):
        """Everything the list shows for this query string (filters, search, ordering), every page."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        changelist = self.get_changelist_instance(request)
        return self.export_response(request, changelist.queryset)

    def export_response(self, request, queryset) -> StreamingHttpResponse:
        return csv_response(queryset, self.get_export_columns(request), self.export_filename())

    @admin.action(description=gettext_lazy("Export selected to CSV"), permissions=["view"])
    def export_selected(self, request, queryset):
        return self.export_response(request, queryset)


def csv_table_response(header: list[str], rows: list[list[str]], filename: str) -> StreamingHttpResponse:
    """A small table already in the reader's words, as a CSV download."""
    response = StreamingHttpResponse(["\ufeff" + _csv_text([header, *rows])], content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response
