"""Rows of long tables, built by `returns.rendering`."""

from django import template

from .. import rendering

register = template.Library()


@register.simple_tag
def order_item_rows(rows, currency):
    return rendering.OrderItemRows(currency).render(rows)
