"""HTML for the rows of long tables, written in Python.

The template engine costs a few microseconds for every variable it renders, and a
50-line order shows about 1,300 of them: more than the rest of the page. These
functions build each row as one string, the way Django's admin builds its change-list
rows. Every value goes through `esc` (the standard library's `html.escape`, which gives
the same text as Django's `escape` without its lazy-string wrapper); what is not
escaped is our own markup or HTML built here. Headings, forms and the rest of each page
stay in templates; labels are translated once per table.
"""

from html import escape

from django.conf import settings
from django.utils import dateformat
from django.utils.formats import get_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import get_current_timezone
from django.utils.translation import gettext as _

from orders.choices import choice_labels
from orders.models import OrderItem, Package
from orders.templatetags.money import money


def esc(value) -> str:
    return escape(str(value))


def _labels(model, field_name: str) -> dict[str, str]:
    """A choice field's labels by value, translated and escaped once per table."""
    return {value: esc(label) for value, label in choice_labels(model, field_name).items()}


def _safe(rows) -> SafeString:
    return mark_safe("".join(rows))  # noqa: S308 -- values are escaped by `esc` as each row is built


class LocalDateTimeFormat:
    """`localize(template_localtime(value))` of datetimes, for many values: the time zone
    is looked up and DATETIME_FORMAT split once, not for every value as Django does."""

    def __init__(self):
        self.timezone = get_current_timezone() if settings.USE_TZ else None
        self.pieces = []  # (DateFormat method, None) for a specifier, (None, text) for literal text
        for i, piece in enumerate(dateformat.re_formatchars.split(str(get_format("DATETIME_FORMAT")))):
            if i % 2:
                self.pieces.append((getattr(dateformat.DateFormat, piece), None))
            elif piece:
                self.pieces.append((None, dateformat.re_escaped.sub(r"\1", piece)))

    def __call__(self, value) -> str:
        convert = self.timezone is not None and getattr(value, "convert_to_local_time", True)
        if convert and value.utcoffset() is not None:
            value = value.astimezone(self.timezone)
        formatter = dateformat.DateFormat(value)
        return "".join(text if method is None else str(method(formatter)) for method, text in self.pieces)


def order_product_rows(items, *, selected: set[str], currency: str) -> SafeString:
    """Omnitron's Product Information lines: a checkbox, the product and its money, package and status."""
    item_status = _labels(OrderItem, "status")
    package_status = _labels(Package, "status")
    rows = []
    for item in items:
        pk, package = esc(item.pk), item.package
        tracking = f" ({esc(package.carrier)} {esc(package.tracking_number)})" if package.tracking_number else ""
        select_label = esc(_("Select %(product)s") % {"product": item.product_name})
        checked = " checked" if str(item.pk) in selected else ""
        rows.append(
            f'<tr><td><input type="checkbox" name="item_ids" value="{pk}" id="item-{pk}" '
            f'aria-label="{select_label}"{checked}></td>'
            f'<td><label for="item-{pk}">{esc(item.product_name)}</label></td><td>{esc(item.sku)}</td>'
            f"<td>{esc(item.seller.name)}</td><td>{package_status[package.status]}{tracking}</td>"
            f"<td>{esc(item.quantity)}</td><td>{esc(money(item.unit_price, currency))}</td>"
            f"<td>{esc(money(item.discount_share, currency))}</td><td>{esc(money(item.amount_paid, currency))}</td>"
            f"<td>{item_status[item.status]}</td></tr>\n"
        )
    return _safe(rows)


def history_rows(logs) -> SafeString:
    """Transitions from `order_history_list`, newest first: when, what, transition, from,
    to, by whom and why."""
    rows = []
    when_of = LocalDateTimeFormat()
    for log in logs:
        when = esc(when_of(log.timestamp))
        by = esc(log.by_name) if log.by_name else "—"
        rows.append(
            f"<tr><td>{when}</td><td>{esc(log.content_type.name)} #{esc(log.object_id)}</td>"
            f"<td>{esc(log.transition)}</td><td>{esc(log.source_state)}</td><td>{esc(log.state)}</td>"
            f"<td>{by}</td><td>{esc(log.description or '')}</td></tr>\n"
        )
    return _safe(rows)
