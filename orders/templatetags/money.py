from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def money(amount: Decimal | None, currency: str = "TRY") -> str:
    """Format an amount the one way the whole store shows money: 1,234.50 TRY."""
    if amount is None:
        return ""
    # Python's own formatting: the same text as `number_format(..., force_grouping=True)` in
    # English at a tenth of its cost, which counts on pages with 50 lines of amounts.
    return f"{amount:,.2f} {currency}"
