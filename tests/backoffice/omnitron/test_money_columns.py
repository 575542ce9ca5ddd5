"""Omnitron's lists show money as every page does: the amount in the language's format with its currency."""

from decimal import Decimal

import pytest
from django.urls import reverse

from returns.choices import RequestStatus
from tests.factories import (
    CancellationPlanFactory,
    CancellationPlanItemFactory,
    CancellationRequestFactory,
    OrderFactory,
    ProductFactory,
)

pytestmark = pytest.mark.django_db

LANGUAGES = [("tr", "1.079,00 TL"), ("en", "1,079.00 TRY")]


@pytest.fixture
def owner_in(client, owner):
    """The owner signed in with their language set to `language` (a signed-in user's language wins)."""

    def sign_in(language: str):
        owner.preferred_language = language
        owner.save(update_fields=["preferred_language"])
        client.force_login(owner)
        return client

    return sign_in


def _rows(response) -> str:
    return response.content.decode().split('id="result_list"', 1)[1]


@pytest.mark.parametrize(("language", "shown"), LANGUAGES)
def test_orders_list_shows_each_total_with_its_currency_in_the_readers_language(owner_in, language, shown):
    OrderFactory(with_items=[(ProductFactory(price=Decimal("1079.00")), 1)])
    response = owner_in(language).get(reverse("admin:orders_order_changelist"))
    rows = _rows(response)
    assert shown in rows
    assert "1079,00" not in rows
    assert "1079.00" not in rows


@pytest.mark.parametrize(("language", "shown"), LANGUAGES)
def test_order_items_list_shows_each_unit_price_with_its_currency(owner_in, language, shown):
    OrderFactory(with_items=[(ProductFactory(price=Decimal("1079.00")), 1)])
    response = owner_in(language).get(reverse("admin:orders_orderitem_changelist"))
    assert shown in _rows(response)


@pytest.mark.parametrize(("language", "shown"), LANGUAGES)
def test_plans_list_and_plan_page_show_items_shipping_and_refund_total_as_money(owner_in, language, shown):
    plan = CancellationPlanFactory(
        with_request=False, items_amount=Decimal("1049.10"), shipping_amount=Decimal("29.90")
    )
    client = owner_in(language)
    listed = _rows(client.get(reverse("admin:returns_cancellationplan_changelist")))
    page = client.get(reverse("admin:returns_cancellationplan_change", args=[plan.pk])).content.decode()
    for text in (listed, page):
        assert shown in text  # the refund total: items plus shipping
        assert ("29,90 TL" if language == "tr" else "29.90 TRY") in text


def test_orders_list_still_sorts_by_total(owner_client):
    cheap = OrderFactory(with_items=[(ProductFactory(price=Decimal("10.00")), 1)])
    dear = OrderFactory(with_items=[(ProductFactory(price=Decimal("1079.00")), 1)])
    url = reverse("admin:orders_order_changelist")
    column = owner_client.get(url).context["cl"].list_display.index("total_paid")
    response = owner_client.get(url, {"o": str(column)})
    assert [order.pk for order in response.context["cl"].result_list] == [cheap.pk, dear.pk]


@pytest.mark.parametrize(("language", "shown"), LANGUAGES)
def test_a_plans_items_and_refund_lines_show_their_amounts_as_money(owner_in, language, shown):
    plan = _plan_of_lines(1)
    page = owner_in(language).get(reverse("admin:returns_cancellationplan_change", args=[plan.pk])).content.decode()
    for inline in ("refund_lines", "items"):
        rows = page.split(f'id="{inline}-group"', 1)[1].split("</fieldset>", 1)[0]
        assert shown in rows, inline


def _plan_of_lines(count: int):
    """An approved return plan of `count` lines of 1,079.00 each, paid back by its one refund line."""
    lines = [(ProductFactory(price=Decimal("1079.00")), 1) for _ in range(count)]
    order = OrderFactory(with_items=lines, delivered=True)
    items = list(order.items.all())
    first = CancellationRequestFactory(order_item=items[0], refund=True, status=RequestStatus.APPROVED, with_plan=False)
    plan = CancellationPlanFactory(request=first, refund=True, approved=True, items_amount=Decimal("1079.00") * count)
    for item in items[1:]:
        request = CancellationRequestFactory(
            order_item=item, refund=True, status=RequestStatus.APPROVED, with_plan=False
        )
        CancellationPlanItemFactory(plan=plan, cancellation_request=request)
    return plan


@pytest.mark.parametrize("lines", [1, 6])
def test_a_plans_page_asks_as_many_queries_for_six_lines_as_for_one(owner_client, django_assert_max_num_queries, lines):
    plan = _plan_of_lines(lines)
    assert plan.items.count() == lines
    with django_assert_max_num_queries(11):  # 13 and 27 when each line read its plan, order and request
        response = owner_client.get(reverse("admin:returns_cancellationplan_change", args=[plan.pk]))
    assert response.status_code == 200
