"""Rows of long tables, built by `returns.rendering`."""

from django import template

from .. import rendering

register = template.Library()


@register.simple_tag
def order_product_rows(items, selected, currency):
    return rendering.order_product_rows(items, selected=selected, currency=currency)


@register.simple_tag
def history_rows(logs):
    return rendering.history_rows(logs)
