from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from orders import rules
from orders.choices import OrderStatus

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        ([("preparing", ""), ("ready_to_ship", "")], OrderStatus.WAITING_PACKAGING),
        ([("shipped", ""), ("preparing", "")], OrderStatus.WAITING_PACKAGING),
        ([("cancellation_waiting", "preparing"), ("shipped", "")], OrderStatus.WAITING_PACKAGING),
        ([("shipped", ""), ("cancelled", "")], OrderStatus.SHIPPED),
        ([("shipped", ""), ("delivered", "")], OrderStatus.SHIPPED),
        ([("delivery_failed", "")], OrderStatus.SHIPPED),
        ([("delivered", ""), ("cancelled", "")], OrderStatus.DELIVERED),
        ([("return_waiting", "delivered"), ("delivered", "")], OrderStatus.DELIVERED),
        ([("delivered", ""), ("returned", "")], OrderStatus.DELIVERED),
        ([("cancelled", ""), ("cancelled", "")], OrderStatus.CANCELLED),
        ([("cancelled", ""), ("returned", "")], OrderStatus.RETURNED),
        ([("returned", "")], OrderStatus.RETURNED),
    ],
)
def test_order_status_is_derived_from_its_items(items, expected):
    assert rules.derive_order_status(items) == expected


def test_open_request_flag_follows_waiting_items():
    assert rules.has_open_request(["delivered", "return_waiting"])
    assert not rules.has_open_request(["delivered", "cancelled"])


@pytest.mark.parametrize(
    ("item", "package", "order", "eligible"),
    [
        ("preparing", "preparing", "waiting_packaging", True),
        ("ready_to_ship", "ready_to_ship", "waiting_packaging", True),
        ("shipped", "shipped", "shipped", False),
        ("delivered", "delivered", "delivered", False),
        ("cancellation_waiting", "preparing", "waiting_packaging", False),
        ("cancelled", "cancelled", "cancelled", False),
        ("preparing", "shipped", "waiting_packaging", False),
        ("preparing", "preparing", "shipped", False),
    ],
)
def test_items_can_be_cancelled_only_before_shipment(item, package, order, eligible):
    problem = rules.cancellation_ineligibility(item_status=item, package_status=package, order_status=order)
    assert (problem is None) is eligible


@pytest.mark.parametrize(
    ("item", "why"),
    [
        ("shipped", "This item has already shipped; you can return it once it is delivered."),
        ("delivered", "This item has already shipped."),  # no waiting for a delivery that has happened
        ("delivery_failed", "This item has already shipped."),
    ],
)
def test_a_shipped_item_is_told_to_wait_for_delivery_only_while_it_is_on_its_way(item, why):
    assert rules.cancellation_ineligibility(item_status=item, package_status="shipped", order_status="shipped") == why


@pytest.mark.parametrize(
    ("status", "delivered_days_ago", "eligible"),
    [
        ("shipped", None, True),
        ("delivery_failed", None, True),
        ("delivered", 0, True),
        ("delivered", 14, True),
        ("delivered", 15, False),
        ("preparing", None, False),
        ("return_waiting", 1, False),
        ("returned", 1, False),
    ],
)
def test_items_can_be_returned_after_shipment_within_the_window(status, delivered_days_ago, eligible):
    delivered_at = NOW - timedelta(days=delivered_days_ago) if delivered_days_ago is not None else None
    problem = rules.return_ineligibility(status=status, delivered_at=delivered_at, now=NOW, window_days=14)
    assert (problem is None) is eligible


def test_return_window_edge_is_inclusive_to_the_second():
    delivered_at = NOW - timedelta(days=14)
    assert rules.return_ineligibility(status="delivered", delivered_at=delivered_at, now=NOW, window_days=14) is None
    later = NOW + timedelta(seconds=1)
    problem = rules.return_ineligibility(status="delivered", delivered_at=delivered_at, now=later, window_days=14)
    assert "closed on" in problem


money = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999.99"), places=2)


@given(lines=st.lists(money, min_size=1, max_size=12), fraction=st.fractions(min_value=0, max_value=1))
def test_discount_shares_sum_exactly_to_the_discount_and_never_exceed_a_line(lines, fraction):
    total = sum(lines)
    discount = (total * fraction.numerator / fraction.denominator).quantize(Decimal("0.01"), rounding="ROUND_DOWN")
    shares = rules.allocate_discount(lines, discount)
    assert sum(shares) == discount
    assert all(Decimal("0") <= share <= line for share, line in zip(shares, lines, strict=True))
    assert all(share == share.quantize(Decimal("0.01")) for share in shares)


@given(share=money, quantity=st.integers(min_value=2, max_value=50), data=st.data())
def test_splitting_a_discount_share_keeps_the_total(share, quantity, data):
    part = data.draw(st.integers(min_value=1, max_value=quantity - 1))
    part_share = rules.split_discount_share(share=share, quantity=quantity, part=part)
    rest = share - part_share
    assert part_share + rest == share
    assert part_share >= 0
    assert rest >= 0


def test_discount_larger_than_the_lines_is_refused():
    with pytest.raises(ValueError, match="discount"):
        rules.allocate_discount([Decimal("10.00")], Decimal("10.01"))


@pytest.mark.parametrize(
    ("status", "turkish"),
    [("cancelled", "Bu ürün zaten iptal edildi."), ("returned", "Bu ürün zaten iade edildi.")],
)
def test_an_item_already_cancelled_or_returned_says_so_in_a_whole_turkish_sentence(status, turkish):
    from django.utils import translation

    with translation.override("tr"):
        cancel = rules.cancellation_ineligibility(item_status=status, package_status="shipped", order_status="shipped")
        refund = rules.return_ineligibility(status=status, delivered_at=None, now=datetime.now(UTC), window_days=14)
    assert cancel == refund == turkish
    assert "\u0307" not in cancel  # no combining dot above, as "İade".lower() leaves
