from decimal import Decimal

import pytest
from django.utils import translation
from django.utils.formats import number_format
from hypothesis import given
from hypothesis import strategies as st

from orders.templatetags.money import money, money_writer

AMOUNTS = st.decimals(min_value=Decimal("-9999999.99"), max_value=Decimal("9999999.99"), places=2)


def test_money_shows_grouped_amount_with_two_decimals_and_currency():
    with translation.override("en"):
        assert money(Decimal("1234.5"), "TRY") == "1,234.50 TRY"
        assert money(Decimal("0"), "EUR") == "0.00 EUR"
        assert money(None, "TRY") == ""


def test_money_in_turkish_groups_with_dots_and_names_the_lira_tl():
    with translation.override("tr"):
        assert money(Decimal("1079"), "TRY") == "1.079,00 TL"
        assert money(Decimal("1234567.5"), "EUR") == "1.234.567,50 EUR"


@pytest.mark.parametrize(("language", "label"), [("en", "TRY"), ("tr", "TL")])
@given(amount=AMOUNTS)
def test_money_is_the_text_djangos_number_format_gives_in_the_language(language, label, amount):
    with translation.override(language):
        expected = number_format(amount, decimal_pos=2, force_grouping=True)
        assert money(amount, "TRY") == f"{expected} {label}"


@pytest.mark.parametrize("language", ["en", "tr"])
@pytest.mark.parametrize("currency", ["TRY", "EUR"])
@given(amount=AMOUNTS | st.none())
def test_a_page_writing_many_amounts_writes_each_as_the_money_filter_does(language, currency, amount):
    with translation.override(language):
        assert money_writer(currency)(amount) == money(amount, currency)
