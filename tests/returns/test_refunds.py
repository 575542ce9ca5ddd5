from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from orders.rules import allocate_discount
from returns import refunds


def test_item_refund_is_what_the_customer_paid():
    assert refunds.item_refund(unit_price=Decimal("249.90"), quantity=2, discount_share=Decimal("9.35")) == Decimal(
        "490.45"
    )


def test_shipping_is_refunded_once_when_the_rest_of_an_unshipped_order_is_cancelled():
    kwargs = {"shipping_total": Decimal("29.90"), "seller_fault_return": False}
    assert refunds.shipping_refund(
        shipping_already_refunded=False, cancels_last_active_items_before_shipment=True, **kwargs
    ) == Decimal("29.90")
    assert refunds.shipping_refund(
        shipping_already_refunded=True, cancels_last_active_items_before_shipment=True, **kwargs
    ) == Decimal("0.00")
    assert refunds.shipping_refund(
        shipping_already_refunded=False, cancels_last_active_items_before_shipment=False, **kwargs
    ) == Decimal("0.00")


def test_seller_fault_returns_refund_shipping():
    assert refunds.shipping_refund(
        shipping_total=Decimal("29.90"),
        shipping_already_refunded=False,
        cancels_last_active_items_before_shipment=False,
        seller_fault_return=True,
    ) == Decimal("29.90")


def test_backoff_grows_exponentially_and_is_capped():
    assert refunds.backoff_seconds(attempt=1, base=30, jitter=1.0) == 30
    assert refunds.backoff_seconds(attempt=3, base=30, jitter=1.0) == 120
    assert refunds.backoff_seconds(attempt=30, base=30, jitter=1.5) == 5400


line = st.tuples(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("5000.00"), places=2), st.integers(1, 5))


@given(lines=st.lists(line, min_size=1, max_size=8), discount_cents=st.integers(min_value=0), shipping=st.booleans())
def test_refunding_every_item_and_shipping_gives_back_exactly_what_was_paid(lines, discount_cents, shipping):
    totals = [price * qty for price, qty in lines]
    discount = min(Decimal(discount_cents) / 100, sum(totals))
    shipping_total = Decimal("29.90") if shipping else Decimal("0.00")
    shares = allocate_discount(totals, discount)
    paid = sum(totals) - discount + shipping_total
    item_refunds = [
        refunds.item_refund(unit_price=price, quantity=qty, discount_share=share)
        for (price, qty), share in zip(lines, shares, strict=True)
    ]
    assert all(amount >= 0 for amount in item_refunds)
    assert refunds.plan_total(item_refunds, shipping_total) == paid
    assert refunds.plan_total(item_refunds[:-1], Decimal("0.00")) <= paid
