from decimal import Decimal

from django.utils import translation
from django.utils.formats import number_format
from hypothesis import given
from hypothesis import strategies as st

from orders.templatetags.money import money


def test_money_shows_grouped_amount_with_two_decimals_and_currency():
    assert money(Decimal("1234.5"), "TRY") == "1,234.50 TRY"
    assert money(Decimal("0"), "EUR") == "0.00 EUR"
    assert money(None, "TRY") == ""


@given(amount=st.decimals(min_value=Decimal("-9999999.99"), max_value=Decimal("9999999.99"), places=2))
def test_money_is_the_text_djangos_number_format_gives_in_english(amount):
    with translation.override("en"):
        expected = number_format(amount, decimal_pos=2, force_grouping=True)
    assert money(amount, "TRY") == f"{expected} TRY"
