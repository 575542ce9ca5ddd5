from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_fsm_log.models import StateLog

from returns.exceptions import (
    DuplicateRequestError,
    ItemNotCancellableError,
    ItemNotFoundError,
    ItemNotReturnableError,
    NothingSelectedError,
    QuantityError,
    ReasonError,
)
from returns.models import CancellationRequest, OutboundEmail
from returns.services import (
    RequestLine,
    cancellation_request_create,
    cancellation_request_withdraw,
    outbound_emails_send,
)
from tests.factories import (
    CancellationReasonFactory,
    CancellationRequestFactory,
    OrderFactory,
    OrderItemFactory,
    ProductFactory,
)

pytestmark = pytest.mark.django_db


def _line(item, reason, quantity=None, description=""):
    return RequestLine(
        item_id=item.pk,
        quantity=item.quantity if quantity is None else quantity,
        reason_id=reason.pk,
        description=description,
    )


def test_customer_cancellation_of_an_unshipped_item_waits_and_holds_the_item(customer, cancel_reason):
    # given
    order = OrderFactory(customer=customer)
    item = order.items.get()
    # when
    (cancellation,) = cancellation_request_create(
        order_id=order.pk, lines=[_line(item, cancel_reason)], requested_by=customer
    )
    # then
    item.refresh_from_db()
    order.refresh_from_db()
    assert cancellation.status == "waiting"
    assert cancellation.cancellation_type == "cancel"
    assert item.status == "cancellation_waiting"
    assert item.status_before_request == "preparing"
    assert order.has_open_request is True
    log = StateLog.objects.for_(item).get(transition="request_cancellation")
    assert log.by == customer


def test_return_of_a_delivered_item_is_a_refund_request(customer, return_reason):
    order = OrderFactory(customer=customer, delivered=True)
    item = order.items.get()
    (cancellation,) = cancellation_request_create(
        order_id=order.pk, lines=[_line(item, return_reason)], requested_by=customer
    )
    item.refresh_from_db()
    assert cancellation.cancellation_type == "refund"
    assert item.status == "return_waiting"


@pytest.mark.parametrize("status", ["shipped", "delivery_failed"])
def test_shipped_and_failed_deliveries_can_be_returned(customer, return_reason, status):
    order = OrderFactory(customer=customer, **{status: True})
    item = order.items.get()
    cancellation_request_create(order_id=order.pk, lines=[_line(item, return_reason)], requested_by=customer)
    assert CancellationRequest.objects.filter(order_item=item, cancellation_type="refund").exists()


def test_delivered_item_outside_the_return_window_is_refused(customer, return_reason, settings):
    delivered_at = timezone.now() - timedelta(days=settings.RETURN_WINDOW_DAYS, minutes=1)
    order = OrderFactory(customer=customer, delivered=True, with_items__delivered_at=delivered_at)
    item = order.items.get()
    with pytest.raises(ItemNotReturnableError, match="return window closed"):
        cancellation_request_create(order_id=order.pk, lines=[_line(item, return_reason)], requested_by=customer)
    assert not CancellationRequest.objects.exists()


def test_cancel_reason_is_refused_for_a_return(customer, cancel_reason):
    order = OrderFactory(customer=customer, delivered=True)
    item = order.items.get()
    with pytest.raises(ReasonError):
        cancellation_request_create(order_id=order.pk, lines=[_line(item, cancel_reason)], requested_by=customer)


def test_inactive_reason_is_refused(customer):
    reason = CancellationReasonFactory(is_active=False)
    order = OrderFactory(customer=customer)
    with pytest.raises(ReasonError):
        cancellation_request_create(order_id=order.pk, lines=[_line(order.items.get(), reason)], requested_by=customer)


def test_reason_needing_extra_information_requires_a_description(customer):
    reason = CancellationReasonFactory(needs_description=True)
    order = OrderFactory(customer=customer)
    item = order.items.get()
    with pytest.raises(ReasonError, match="needs a description"):
        cancellation_request_create(
            order_id=order.pk, lines=[_line(item, reason, description="  ")], requested_by=customer
        )
    (cancellation,) = cancellation_request_create(
        order_id=order.pk, lines=[_line(item, reason, description="Ordered the wrong colour")], requested_by=customer
    )
    assert cancellation.description == "Ordered the wrong colour"


def test_nothing_selected_is_refused(customer):
    order = OrderFactory(customer=customer)
    with pytest.raises(NothingSelectedError):
        cancellation_request_create(order_id=order.pk, lines=[], requested_by=customer)


def test_item_of_another_order_is_refused(customer, cancel_reason):
    order = OrderFactory(customer=customer)
    foreign = OrderItemFactory()
    with pytest.raises(ItemNotFoundError):
        cancellation_request_create(order_id=order.pk, lines=[_line(foreign, cancel_reason)], requested_by=customer)
    foreign.refresh_from_db()
    assert foreign.status == "preparing"


@pytest.mark.parametrize("quantity", [0, -1, 4])
def test_quantity_outside_the_line_is_refused(customer, cancel_reason, quantity):
    order = OrderFactory(customer=customer, with_items=[(ProductFactory(), 3)])
    item = order.items.get()
    with pytest.raises(QuantityError):
        cancellation_request_create(
            order_id=order.pk, lines=[_line(item, cancel_reason, quantity=quantity)], requested_by=customer
        )
    assert order.items.count() == 1


def test_second_request_for_the_same_item_is_a_clear_error(customer, cancel_reason):
    order = OrderFactory(customer=customer)
    item = order.items.get()
    CancellationRequestFactory(order_item=item, reason=cancel_reason)
    with pytest.raises(ItemNotCancellableError, match="already open"):
        cancellation_request_create(order_id=order.pk, lines=[_line(item, cancel_reason)], requested_by=customer)
    assert CancellationRequest.objects.count() == 1


def test_same_item_twice_in_one_submission_is_refused(customer, cancel_reason):
    order = OrderFactory(customer=customer)
    item = order.items.get()
    with pytest.raises(DuplicateRequestError):
        cancellation_request_create(
            order_id=order.pk, lines=[_line(item, cancel_reason), _line(item, cancel_reason)], requested_by=customer
        )


def test_database_allows_only_one_open_request_per_item(customer, cancel_reason):
    order = OrderFactory(customer=customer)
    item = order.items.get()
    CancellationRequestFactory(order_item=item, reason=cancel_reason)
    with pytest.raises(IntegrityError), transaction.atomic():
        CancellationRequest.objects.create(
            order=order,
            order_item=item,
            seller_id=item.seller_id,
            cancellation_type="cancel",
            reason=cancel_reason,
            quantity=1,
            origin="customer",
            created_by=customer,
        )


def test_closed_requests_do_not_block_a_new_one(customer, cancel_reason):
    order = OrderFactory(customer=customer)
    item = order.items.get()
    CancellationRequestFactory(order_item=item, reason=cancel_reason, withdrawn=True)
    (second,) = cancellation_request_create(
        order_id=order.pk, lines=[_line(item, cancel_reason)], requested_by=customer
    )
    assert second.status == "waiting"


def test_partial_quantity_splits_the_line_and_keeps_the_totals(customer, cancel_reason):
    # given a line of 3 × 249.90 carrying a 14.03 discount share
    product = ProductFactory(price=Decimal("249.90"))
    order = OrderFactory(
        customer=customer,
        with_items=[(product, 3), (ProductFactory(price=Decimal("129.50")), 1)],
        discount_total=Decimal("20.00"),
    )
    item = order.items.get(product=product)
    paid_before = item.amount_paid
    # when one unit is cancelled
    (cancellation,) = cancellation_request_create(
        order_id=order.pk, lines=[_line(item, cancel_reason, quantity=1)], requested_by=customer
    )
    # then the line is split: 2 stay preparing, 1 waits for cancellation; money adds up exactly
    item.refresh_from_db()
    part = cancellation.order_item
    assert (item.quantity, item.status) == (2, "preparing")
    assert (part.quantity, part.status) == (1, "cancellation_waiting")
    assert item.amount_paid + part.amount_paid == paid_before
    assert sum(i.discount_share for i in order.items.all()) == Decimal("20.00")
    assert cancellation.quantity == 1


def test_withdrawing_restores_the_item(customer, return_reason):
    order = OrderFactory(customer=customer, delivered=True)
    item = order.items.get()
    cancellation = CancellationRequestFactory(order_item=item, refund=True, reason=return_reason)
    cancellation_request_withdraw(request_id=cancellation.pk, withdrawn_by=customer)
    item.refresh_from_db()
    cancellation.refresh_from_db()
    order.refresh_from_db()
    assert cancellation.status == "withdrawn"
    assert item.status == "delivered"
    assert order.has_open_request is False


def test_received_email_is_queued_with_the_request_and_sent_by_the_mailer(customer, cancel_reason, mailoutbox):
    order = OrderFactory(customer=customer)
    cancellation_request_create(
        order_id=order.pk, lines=[_line(order.items.get(), cancel_reason)], requested_by=customer
    )
    assert mailoutbox == []
    assert list(OutboundEmail.objects.values_list("kind", flat=True)) == ["request_received"]
    assert outbound_emails_send() == 1
    assert "under evaluation" in mailoutbox[0].subject
    assert mailoutbox[0].to == [customer.email]
    assert outbound_emails_send() == 0  # sent once


def test_failed_request_queues_no_email(customer, cancel_reason, mailoutbox):
    order = OrderFactory(customer=customer, shipped=True)
    with pytest.raises(ReasonError):
        cancellation_request_create(
            order_id=order.pk, lines=[_line(order.items.get(), cancel_reason)], requested_by=customer
        )
    assert not OutboundEmail.objects.exists()
    assert outbound_emails_send() == 0
    assert mailoutbox == []


def test_seller_is_told_about_a_return_request(customer, seller, return_reason, mailoutbox):
    order = OrderFactory(customer=customer, with_items=[(ProductFactory(seller=seller), 1)], delivered=True)
    cancellation_request_create(
        order_id=order.pk, lines=[_line(order.items.get(), return_reason)], requested_by=customer
    )
    outbound_emails_send()
    # the customer's "received" and return instructions, then the seller's
    assert [m.to for m in mailoutbox] == [[customer.email], [customer.email], [seller.email]]
