from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django_fsm_log.models import StateLog

from orders.models import Payment, Product
from returns.exceptions import PlanError, RefundAmountError, RequestNotDecidableError
from returns.models import CancellationPlan, CancellationRequest
from returns.services import (
    RequestLine,
    cancellation_request_approve,
    cancellation_request_create,
    cancellation_request_reject,
    order_item_reject_by_seller,
    order_items_cancel,
    order_items_return,
    outbound_emails_send,
)
from tests.factories import (
    CancellationReasonFactory,
    CancellationRequestFactory,
    OrderFactory,
    OrderItemFactory,
    ProductFactory,
    parcel_deliver,
)

pytestmark = pytest.mark.django_db


def test_owner_cancel_takes_over_the_customers_request_and_seller_center_confirms_it(
    customer, owner, cancel_reason, django_capture_on_commit_callbacks, mailoutbox
):
    # given a waiting order of two lines, one with a customer cancellation request (8 left in stock)
    product = ProductFactory(price=Decimal("100.00"), stock=8)
    order = OrderFactory(
        customer=customer, with_items=[(product, 2), (ProductFactory(), 1)], shipping_total=Decimal("29.90")
    )
    item = order.items.get(product=product)
    cancellation = CancellationRequestFactory(order_item=item, reason=cancel_reason)
    # when the owner applies Cancel and Seller Center confirms after commit
    with django_capture_on_commit_callbacks(execute=True):
        plan = order_items_cancel(order_id=order.pk, item_ids=[item.pk], reason_id=cancel_reason.pk, cancelled_by=owner)
        assert plan.status == "waiting"
    # then the plan is approved by the system, refunded and completed; the item is cancelled and restocked
    plan.refresh_from_db()
    cancellation.refresh_from_db()
    item.refresh_from_db()
    product.refresh_from_db()
    assert plan.items.get().cancellation_request == cancellation
    assert (plan.status, plan.amount, plan.shipping_amount) == ("completed", Decimal("200.00"), Decimal("0.00"))
    assert cancellation.status == "completed"
    assert item.status == "cancelled"
    assert product.stock == 10
    assert StateLog.objects.for_(plan).get(transition="approve").by.username == "system"
    assert Payment.objects.get(order=order).amount_refunded == Decimal("200.00")
    outbound_emails_send()
    assert any("refund" in m.subject.lower() and "complete" in m.subject.lower() for m in mailoutbox)


def test_cancelling_the_last_items_before_shipment_refunds_shipping(customer, owner, owner_cancel_reason):
    order = OrderFactory(
        customer=customer, with_items=[(ProductFactory(), 1), (ProductFactory(), 1)], shipping_total=Decimal("29.90")
    )
    ids = list(order.items.values_list("pk", flat=True))
    plan = order_items_cancel(order_id=order.pk, item_ids=ids, reason_id=owner_cancel_reason.pk, cancelled_by=owner)
    assert plan.shipping_amount == Decimal("29.90")
    assert plan.amount == Decimal("229.90") == order.total


def test_owner_cancel_of_a_shipped_item_names_it_and_creates_nothing(customer, owner, owner_cancel_reason):
    order = OrderFactory(customer=customer, with_items=[(ProductFactory(name="Speaker"), 1)], shipped=True)
    with pytest.raises(PlanError, match="Speaker"):
        order_items_cancel(
            order_id=order.pk, item_ids=[order.items.get().pk], reason_id=owner_cancel_reason.pk, cancelled_by=owner
        )
    assert not CancellationPlan.objects.exists()
    assert not CancellationRequest.objects.exists()


def test_owner_return_of_an_unshipped_item_is_refused(customer, owner, owner_return_reason):
    order = OrderFactory(customer=customer, with_items=[(ProductFactory(name="Towel"), 1)])
    with pytest.raises(PlanError, match="Towel"):
        order_items_return(
            order_id=order.pk, item_ids=[order.items.get().pk], reason_id=owner_return_reason.pk, returned_by=owner
        )


def test_owner_cancel_of_an_item_from_another_order_is_refused(customer, owner, owner_cancel_reason):
    order = OrderFactory(customer=customer)
    foreign = OrderItemFactory()
    with pytest.raises(PlanError, match="not part of order"):
        order_items_cancel(
            order_id=order.pk, item_ids=[foreign.pk], reason_id=owner_cancel_reason.pk, cancelled_by=owner
        )


def test_owner_return_creates_waiting_requests_for_the_seller(customer, owner, owner_return_reason):
    order = OrderFactory(customer=customer, delivered=True)
    (cancellation,) = order_items_return(
        order_id=order.pk, item_ids=[order.items.get().pk], reason_id=owner_return_reason.pk, returned_by=owner
    )
    assert (cancellation.status, cancellation.origin, cancellation.cancellation_type) == ("waiting", "owner", "refund")


def test_seller_confirming_a_return_creates_an_approved_refund_plan_that_completes(
    customer, seller, seller_user, return_reason, django_capture_on_commit_callbacks
):
    product = ProductFactory(seller=seller, price=Decimal("80.00"), stock=3)
    order = OrderFactory(customer=customer, with_items=[(product, 2)], delivered=True, shipping_total=Decimal("29.90"))
    item = order.items.get()
    line = RequestLine(item_id=item.pk, quantity=1, reason_id=return_reason.pk)
    (cancellation,) = cancellation_request_create(order_id=order.pk, lines=[line], requested_by=customer)
    parcel_deliver(cancellation)
    with django_capture_on_commit_callbacks(execute=True):
        approved = cancellation_request_approve(request_id=cancellation.pk, approved_by=seller_user)
        plan = CancellationPlan.objects.get()
        assert (approved.status, plan.plan_type, plan.status) == ("approved", "refund", "approved")
        assert approved.return_code.startswith("RT-")
    plan.refresh_from_db()
    cancellation.refresh_from_db()
    product.refresh_from_db()
    assert (plan.status, plan.amount, plan.shipping_amount) == ("completed", Decimal("80.00"), Decimal("0.00"))
    assert cancellation.status == "completed"
    assert cancellation.order_item.status == "returned"
    assert product.stock == 4  # 3 left after the sale + 1 returned
    order.refresh_from_db()
    assert order.status == "delivered"


def test_seller_fault_return_also_refunds_shipping(customer, seller_user):
    reason = CancellationReasonFactory(refund=True, seller_fault=True)
    order = OrderFactory(customer=customer, delivered=True, shipping_total=Decimal("29.90"))
    cancellation = CancellationRequestFactory(
        order_item=order.items.get(), refund=True, reason=reason, parcel_received=True
    )
    cancellation_request_approve(request_id=cancellation.pk, approved_by=seller_user)
    plan = CancellationPlan.objects.get()
    assert plan.shipping_amount == Decimal("29.90")
    assert plan.amount == Decimal("129.90")


def test_rejecting_a_return_needs_a_note_restores_the_item_and_tells_the_customer(
    customer, seller_user, return_reason, mailoutbox
):
    order = OrderFactory(customer=customer, delivered=True)
    cancellation = CancellationRequestFactory(order_item=order.items.get(), refund=True, reason=return_reason)
    with pytest.raises(Exception, match="note is required"):
        cancellation_request_reject(request_id=cancellation.pk, rejected_by=seller_user, note=" ")
    cancellation_request_reject(request_id=cancellation.pk, rejected_by=seller_user, note="The tag was removed")
    outbound_emails_send()
    cancellation.refresh_from_db()
    assert (cancellation.status, cancellation.rejection_note) == ("rejected", "The tag was removed")
    assert cancellation.order_item.status == "delivered"
    assert "The tag was removed" in mailoutbox[-1].body


def test_owner_can_still_approve_a_rejected_return_but_a_seller_cannot(customer, owner, seller_user, return_reason):
    order = OrderFactory(customer=customer, delivered=True)
    cancellation = CancellationRequestFactory(
        order_item=order.items.get(), refund=True, reason=return_reason, parcel_received=True
    )
    cancellation_request_reject(request_id=cancellation.pk, rejected_by=seller_user, note="Used")
    with pytest.raises(RequestNotDecidableError):
        cancellation_request_approve(request_id=cancellation.pk, approved_by=seller_user)
    approved = cancellation_request_approve(request_id=cancellation.pk, approved_by=owner)
    assert approved.status == "approved"
    assert approved.order_item.status == "return_waiting"


def test_approving_twice_is_refused_and_creates_one_plan(customer, seller_user, return_reason):
    order = OrderFactory(customer=customer, delivered=True)
    cancellation = CancellationRequestFactory(
        order_item=order.items.get(), refund=True, reason=return_reason, parcel_received=True
    )
    cancellation_request_approve(request_id=cancellation.pk, approved_by=seller_user)
    with pytest.raises(RequestNotDecidableError):
        cancellation_request_approve(request_id=cancellation.pk, approved_by=seller_user)
    assert CancellationPlan.objects.count() == 1


def test_seller_rejecting_an_unshipped_item_cancels_it_with_a_full_refund(
    customer, seller, seller_user, seller_reason, django_capture_on_commit_callbacks
):
    order = OrderFactory(
        customer=customer, with_items=[(ProductFactory(seller=seller), 2)], shipping_total=Decimal("29.90")
    )
    item = order.items.get()
    with django_capture_on_commit_callbacks(execute=True):
        plan = order_item_reject_by_seller(item_id=item.pk, reason_id=seller_reason.pk, rejected_by=seller_user)
    plan.refresh_from_db()
    item.refresh_from_db()
    order.refresh_from_db()
    assert plan.status == "completed"
    assert plan.amount == order.total
    assert item.status == "cancelled"
    assert order.status == "cancelled"
    assert StateLog.objects.for_(item).get(transition="request_cancellation").by == seller_user
    assert plan.items.get().cancellation_request.origin == "seller"


def test_refunds_never_exceed_what_was_captured(customer, seller_user, return_reason):
    order = OrderFactory(customer=customer, delivered=True)
    cancellation = CancellationRequestFactory(
        order_item=order.items.get(), refund=True, reason=return_reason, parcel_received=True
    )
    Payment.objects.filter(order=order).update(amount_allocated=Decimal("50.00"))
    with pytest.raises(RefundAmountError):
        cancellation_request_approve(request_id=cancellation.pk, approved_by=seller_user)
    assert not CancellationPlan.objects.exists()


def test_database_refuses_to_allocate_more_than_captured(customer):
    order = OrderFactory(customer=customer)
    with pytest.raises(IntegrityError), transaction.atomic():
        Payment.objects.filter(order=order).update(amount_allocated=order.total + Decimal("0.01"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Payment.objects.filter(order=order).update(amount_refunded=Decimal("0.01"))


def test_auto_approve_setting_skips_the_owner_step(
    customer, cancel_reason, settings, django_capture_on_commit_callbacks
):
    settings.AUTO_APPROVE_CUSTOMER_CANCELLATIONS = True
    order = OrderFactory(customer=customer)
    line = RequestLine(item_id=order.items.get().pk, quantity=1, reason_id=cancel_reason.pk)
    with django_capture_on_commit_callbacks(execute=True):
        cancellation_request_create(order_id=order.pk, lines=[line], requested_by=customer)
    plan = CancellationPlan.objects.get()
    assert plan.status == "completed"
    assert StateLog.objects.for_(plan).get(transition="approve").by.username == "system"


def test_stock_comes_back_once(customer, owner, owner_cancel_reason, django_capture_on_commit_callbacks):
    product = ProductFactory(stock=7)  # 3 of 10 sold
    order = OrderFactory(customer=customer, with_items=[(product, 3)])
    with django_capture_on_commit_callbacks(execute=True):
        plan = order_items_cancel(
            order_id=order.pk, item_ids=[order.items.get().pk], reason_id=owner_cancel_reason.pk, cancelled_by=owner
        )
    from returns.services import refund_plan_execute, refund_plan_settle

    refund_plan_execute(plan_id=plan.pk)
    refund_plan_settle(plan_id=plan.pk)
    assert Product.objects.get(pk=product.pk).stock == 10
