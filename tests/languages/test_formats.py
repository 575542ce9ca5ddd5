"""Money and dates follow the language: Django's own English and Turkish formats."""

from datetime import date
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from orders.templatetags.money import money

PAGE = Template('{% load money %}{{ amount|money:"TRY" }} · {{ day|date:"DATE_FORMAT" }}')


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "1,079.00 TRY · Dec. 1, 2026"), ("tr", "1.079,00 TL · 01 Aralık 2026")],
)
def test_a_page_shows_money_and_dates_as_the_language_writes_them(language, expected):
    with translation.override(language):
        assert PAGE.render(Context({"amount": Decimal("1079.00"), "day": date(2026, 12, 1)})) == expected


def test_the_language_is_read_when_the_page_renders_not_when_the_amount_was_first_shown():
    with translation.override("tr"):
        assert money(Decimal("5"), "TRY") == "5,00 TL"
    with translation.override("en"):
        assert money(Decimal("5"), "TRY") == "5.00 TRY"
