"""Returns Analytics, the page both sites show (Omnitron: every seller, or one; Seller
Center: the seller's own): figures of a date range beside the period before it, each table
with a bar chart drawn on the server (SVG) and a CSV download (`?download=<table>`)."""

from dataclasses import dataclass
from datetime import timedelta
from unicodedata import normalize

from django import forms
from django.core.exceptions import BadRequest
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from orders.models import Seller
from orders.templatetags.money import money
from returns.analytics import Report, analytics_report

from .exports import csv_table_response

DEFAULT_DAYS = 30
LONGEST = timedelta(days=731)


class SellerSelect(forms.Select):
    """The seller filter: Django's select, with its options (one per seller, ungrouped, no
    attributes but `selected`) written in its own template rather than included one by one.
    In the app's templates, where the forms' renderer looks."""

    template_name = "backoffice/analytics/seller_select.html"


class AnalyticsForm(forms.Form):
    start = forms.DateField(
        label=pgettext_lazy("start of a date range", "From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    end = forms.DateField(
        label=pgettext_lazy("end of a date range", "To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    seller = forms.TypedChoiceField(
        label=gettext_lazy("Seller"), coerce=int, empty_value=None, required=False, widget=SellerSelect
    )

    def __init__(self, *args, with_sellers: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if with_sellers:
            self.seller_names = dict(Seller.objects.order_by("name").values_list("pk", "name"))
            self.fields["seller"].choices = [("", _("All sellers")), *self.seller_names.items()]
        else:
            self.seller_names = None
            del self.fields["seller"]

    def clean(self):
        data = super().clean()
        end = data.get("end") or timezone.localdate()
        start = data.get("start") or end - timedelta(days=DEFAULT_DAYS - 1)
        if start > end:
            raise forms.ValidationError(_("The range must start before it ends."))
        if end - start > LONGEST:
            raise forms.ValidationError(_("Choose a range of at most two years."))
        data["start"], data["end"] = start, end
        return data


@dataclass
class Table:
    """A table of the page: its name (for the download), title, header, rows and chart."""

    name: str
    title: str
    header: list[str]
    rows: list[list[str]]
    chart: dict | None = None

    @property
    def body(self) -> list[tuple[str, list[str]]]:
        """The rows as the page shows them: each row's heading, then its other cells."""
        return [(row[0], row[1:]) for row in self.rows]


def bar_chart(title: str, labels: list[str], values: list, texts: list[str]) -> dict:
    """What the bar chart template draws: one bar per value, as wide as its share of the largest,
    with the sizes as plain numbers (SVG's text, never localized), the labels cut to 32
    characters and the text a screen reader reads. A label no longer than that is only
    normalized, as Truncator would leave it, without walking it character by character."""
    top = max((float(v) for v in values), default=0) or 1
    bars = []
    for n, (label, value, text) in enumerate(zip(labels, values, texts, strict=True)):
        width = round(300 * float(value) / top, 1)
        bars.append(
            {
                "label": Truncator(label).chars(32) if len(label) > 32 else normalize("NFC", label),
                "text": text,
                "y": str(24 * n),
                "width": str(width),
                "x": str(int(width) + 226),
            }
        )
    description = "; ".join(f"{label}: {text}" for label, text in zip(labels, texts, strict=True))
    return {"title": title, "bars": bars, "height": str(24 * len(bars) + 4), "description": description}


def _rate(line) -> str:
    """A rate written as the reader writes a percentage: "8.3%" in English, "%8,3" in Turkish."""
    if line.rate is None:
        return "—"
    return _("%(rate)s%%") % {"rate": number_format(line.rate, decimal_pos=1)}


def report_tables(report: Report) -> list[Table]:
    """The page's tables, in the reader's language, each with its chart."""
    current, previous = report.current, report.previous
    hours = _("%(hours)s h")

    def _hours(value) -> str:
        return "—" if value is None else hours % {"hours": value}

    summary = [
        [_("Cancellations"), str(current.cancellations.requests), str(previous.cancellations.requests)],
        [_("Returns"), str(current.returns.requests), str(previous.returns.requests)],
        [_("Items sold"), str(current.sold), str(previous.sold)],
        [_("Cancellation rate"), _rate(current.cancellations), _rate(previous.cancellations)],
        [_("Return rate"), _rate(current.returns), _rate(previous.returns)],
        [_("Refunded"), money(current.refunded_amount), money(previous.refunded_amount)],
        [_("Seller deadline breaches"), str(current.auto_approved), str(previous.auto_approved)],
        [_("Expired returns"), str(current.expired), str(previous.expired)],
        [_("Lost returns"), str(current.lost), str(previous.lost)],
    ]
    period = _("%(start)s – %(end)s")
    tables = [
        Table(
            "summary",
            _("Summary"),
            [
                "",
                period % {"start": date_format(current.start), "end": date_format(current.end)},
                period % {"start": date_format(previous.start), "end": date_format(previous.end)},
            ],
            summary,
        )
    ]
    for name, title, column, chart_title, lines in (
        ("by_reason", _("By reason"), _("Reason"), _("Items cancelled or returned by reason"), report.by_reason),
        ("by_seller", _("By seller"), _("Seller"), _("Items cancelled or returned by seller"), report.by_seller),
        ("by_product", _("By product"), _("Product"), _("Items cancelled or returned by product"), report.by_product),
    ):
        header = [column, _("Requests"), _("Items"), _("Items sold"), _("Rate")]
        rows = [[line.label, str(line.requests), str(line.items), str(line.sold), _rate(line)] for line in lines]
        chart = bar_chart(
            chart_title,
            [line.label for line in lines],
            [line.items for line in lines],
            [str(line.items) for line in lines],
        )
        tables.append(Table(name, title, header, rows, chart))
    weeks = report.refunds_by_week
    refunded = [money(amount) for _monday, amount in weeks]
    tables.append(
        Table(
            "refunds_by_week",
            _("Refunded by week"),
            [_("Week of"), _("Refunded")],
            [[date_format(monday), text] for (monday, _amount), text in zip(weeks, refunded, strict=True)],
            bar_chart(
                _("Money refunded per week"),
                [date_format(monday, "SHORT_DATE_FORMAT") for monday, _amount in weeks],
                [amount for _monday, amount in weeks],
                refunded,
            ),
        )
    )
    times = report.times_by_seller
    tables.append(
        Table(
            "times_by_seller",
            _("Time to decision and to refund"),
            [
                _("Seller"),
                _("Decisions"),
                _("Decision median"),
                _("Decision 90th percentile"),
                _("Refunds"),
                _("Refund median"),
                _("Refund 90th percentile"),
            ],
            [
                [
                    t.label,
                    str(t.decisions),
                    _hours(t.decision_median),
                    _hours(t.decision_p90),
                    str(t.refunds),
                    _hours(t.refund_median),
                    _hours(t.refund_p90),
                ]
                for t in times
            ],
            bar_chart(
                _("Median hours from request to decision, by seller"),
                [t.label for t in times],
                [t.decision_median or 0 for t in times],
                [_hours(t.decision_median) for t in times],
            ),
        )
    )
    return tables


def analytics_page(site, request, *, sellers: list[int] | None, with_sellers: bool):
    """The page for these sellers (None: all, with a seller filter when `with_sellers`)."""
    form = AnalyticsForm(request.GET, with_sellers=with_sellers)
    if not form.is_valid():
        raise BadRequest(" ".join(str(error) for errors in form.errors.values() for error in errors))
    data = form.cleaned_data
    if data.get("seller") is not None:
        sellers = [data["seller"]]
    report = analytics_report(
        start=data["start"], end=data["end"], sellers=sellers, others=_("All others"), names=form.seller_names
    )
    tables = report_tables(report)
    download = request.GET.get("download")
    if download:
        table = next((t for t in tables if t.name == download), None)
        if table is None:
            raise BadRequest(_("No such table."))
        return csv_table_response(table.header, table.rows, f"returns-analytics-{table.name}")
    request.current_app = site.name
    query = request.GET.copy()
    query.pop("download", None)
    context = {
        **site.each_context(request),
        "title": _("Returns Analytics"),
        "form": form,
        "tables": tables,
        "query": query.urlencode(),
        "page_url": reverse(f"{site.name}:returns_analytics"),
    }
    return TemplateResponse(request, "admin/returns/analytics.html", context)


def analytics_app_entry(site, request) -> dict:
    """Returns Analytics as a line of the Returns app in the index and the sidebar."""
    url = reverse(f"{site.name}:returns_analytics")
    return {
        "name": _("Returns Analytics"),
        "object_name": "ReturnsAnalytics",
        "admin_url": url,
        "view_only": True,
        "perms": {"view": True},
        "add_url": None,
    }
