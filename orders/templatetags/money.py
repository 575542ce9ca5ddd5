from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def money(amount: Decimal | None, currency: str = "TRY") -> str:
    """Format an amount the one way the whole store shows money: 1,234.50 TRY."""
    if amount is None:
        return ""
    return f"{number_format(amount, decimal_pos=2, force_grouping=True)} {currency}"
