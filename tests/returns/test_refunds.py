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


def _line(item_id, price, quantity, line_quantity, share):
    return refunds.QuoteLine(
        item_id=item_id,
        unit_price=Decimal(price),
        quantity=quantity,
        line_quantity=line_quantity,
        discount_share=Decimal(share),
    )


def _quote(lines, **rule):
    rule = {
        "shipping_total": Decimal("29.90"),
        "shipping_already_refunded": False,
        "cancels_last_active_items_before_shipment": False,
        "seller_fault_return": False,
        "refundable": Decimal("10000.00"),
        **rule,
    }
    return refunds.refund_quote(lines=lines, **rule)


def test_a_quote_adds_shipping_when_the_rule_refunds_it():
    quote = _quote(
        [_line(1, "899.00", 1, 1, "40.77"), _line(2, "199.90", 1, 1, "9.03")],
        cancels_last_active_items_before_shipment=True,
    )
    assert quote.amounts == {1: Decimal("858.23"), 2: Decimal("190.87")}
    assert (quote.items_amount, quote.shipping, quote.total) == (
        Decimal("1049.10"),
        Decimal("29.90"),
        Decimal("1079.00"),
    )


def test_part_of_a_line_is_quoted_with_the_share_its_split_row_will_carry():
    quote = _quote([_line(1, "100.00", 1, 3, "10.00")])
    assert quote.amounts == {1: Decimal("96.67")}  # the part's share rounds down: 3.33 of 10.00
    assert quote.shipping == 0


def test_a_quote_above_what_is_left_of_the_payment_says_so():
    quote = _quote([_line(1, "100.00", 1, 1, "0.00")], seller_fault_return=True, refundable=Decimal("120.00"))
    assert quote.total == Decimal("129.90")
    assert quote.exceeds_refundable
    assert not _quote([_line(1, "100.00", 1, 1, "0.00")], refundable=Decimal("100.00")).exceeds_refundable
