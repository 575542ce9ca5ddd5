"""Who is told what, per workflow event: the words fit who acted (SPEC rule 13).

The table lists, for each event, the subjects of the emails the customer and the seller
get, in order. A cancellation the customer did not ask for is never announced as "your
request ... under evaluation", and the seller's internal note reaches no customer.
"""

import pytest
from django.urls import reverse

from accounts.models import system_user
from returns.models import CancellationPlan, CancellationRequest
from returns.services import (
    RequestLine,
    cancellation_plan_create,
    cancellation_request_approve,
    cancellation_request_create,
    cancellation_request_withdraw,
    order_item_reject_by_seller,
    order_items_cancel,
    outbound_emails_send,
)
from tests.factories import CancellationReasonFactory, OrderFactory, ProductFactory

pytestmark = pytest.mark.django_db

NOTE = "Supplier ran out"


def customer_cancels(order, item, people):
    line = RequestLine(item_id=item.pk, quantity=1, reason_id=people["cancel_reason"].pk)
    cancellation_request_create(order_id=order.pk, lines=[line], requested_by=order.customer)


def customers_cancellation_is_confirmed(order, item, people):
    customer_cancels(order, item, people)
    request_ids = CancellationRequest.objects.values_list("pk", flat=True)
    cancellation_plan_create(order_id=order.pk, request_ids=request_ids, created_by=people["owner"])


def customer_returns(order, item, people):
    line = RequestLine(item_id=item.pk, quantity=1, reason_id=people["return_reason"].pk)
    cancellation_request_create(order_id=order.pk, lines=[line], requested_by=order.customer)


def seller_confirms_the_return(order, item, people):
    customer_returns(order, item, people)
    cancellation = CancellationRequest.objects.get()
    cancellation_request_approve(request_id=cancellation.pk, approved_by=people["seller_user"], without_return=True)


def customer_withdraws_the_return(order, item, people):
    customer_returns(order, item, people)
    cancellation_request_withdraw(request_id=CancellationRequest.objects.get().pk, withdrawn_by=order.customer)


def owner_cancels(order, item, people):
    order_items_cancel(
        order_id=order.pk, item_ids=[item.pk], reason_id=people["owner_reason"].pk, cancelled_by=people["owner"]
    )


def customers_refund_fails(order, item, people):
    people["settings"].PAYMENT_GATEWAY = {
        **people["settings"].PAYMENT_GATEWAY,
        "DECLINE_RATE": 1,
        "FAILURE_RATE": 0,
        "TIMEOUT_RATE": 0,
    }
    customers_cancellation_is_confirmed(order, item, people)


def seller_rejects_an_unshipped_item(order, item, people):
    reason = people["seller_reason"]
    order_item_reject_by_seller(item_id=item.pk, reason_id=reason.pk, rejected_by=people["seller_user"], note=NOTE)


RECEIVED = "Your request for order {n} is under evaluation"
REFUNDED = "Your refund for order {n}"
INSTRUCTIONS = "How to send back your return for order {n}"
APPROVED = "Your request for order {n} was approved"
TOLD = [
    # event, delivered?, the customer's subjects, the seller's subjects, the owner's staff's subjects
    (customer_cancels, False, [RECEIVED], [], []),
    (customers_cancellation_is_confirmed, False, [RECEIVED, APPROVED, REFUNDED], [], []),
    (
        customers_refund_fails,
        False,
        [RECEIVED, APPROVED, "Your refund for order {n} is delayed"],
        [],
        ["Refund of plan #{p} (order {n}) failed"],
    ),
    (customer_returns, True, [RECEIVED, INSTRUCTIONS], ["New return request for order"], []),
    (
        seller_confirms_the_return,
        True,
        [RECEIVED, INSTRUCTIONS, APPROVED, REFUNDED],
        ["New return request for order"],
        [],
    ),
    (
        customer_withdraws_the_return,
        True,
        [RECEIVED, INSTRUCTIONS, "You withdrew your request for order {n}"],
        ["New return request for order", "A return for order {n} was withdrawn"],
        [],
    ),
    (
        owner_cancels,
        False,
        [
            "We opened a cancellation or return on order {n} for you",
            "Items of order {n} were cancelled or returned",
            REFUNDED,
        ],
        [],
        [],
    ),
    (seller_rejects_an_unshipped_item, False, ["The seller cancelled items of order {n}", REFUNDED], [], []),
]


@pytest.mark.parametrize(
    ("event", "delivered", "customer_hears", "seller_hears", "owner_staff_hear"),
    TOLD,
    ids=[t[0].__name__ for t in TOLD],
)
def test_each_party_is_told_what_fits_who_acted(
    event,
    delivered,
    customer_hears,
    seller_hears,
    owner_staff_hear,
    settings,
    customer,
    owner,
    seller,
    seller_user,
    cancel_reason,
    return_reason,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    customer.email, seller.email, owner.email = "ayse@example.com", "seller@example.com", "owner@example.com"
    customer.save(update_fields=["email"])
    seller.save(update_fields=["email"])
    owner.save(update_fields=["email"])
    people = {
        "settings": settings,
        "owner": owner,
        "seller_user": seller_user,
        "cancel_reason": cancel_reason,
        "return_reason": return_reason,
        "owner_reason": CancellationReasonFactory(subject="Suspected fraud", for_owner=True),
        "seller_reason": CancellationReasonFactory(subject="Out of stock", for_seller=True),
    }
    order = OrderFactory(customer=customer, with_items=[(ProductFactory(seller=seller), 2)], delivered=delivered)

    with django_capture_on_commit_callbacks(execute=True):
        event(order, order.items.get(), people)
    outbound_emails_send()

    def subjects(address):
        return [m.subject for m in mailoutbox if address in m.to]

    heard = subjects(customer.email)
    assert len(heard) == len(customer_hears), heard
    for subject, expected in zip(heard, customer_hears, strict=True):
        assert expected.format(n=order.number) in subject
    plan = CancellationPlan.objects.first()
    for address, expected_subjects in ((seller.email, seller_hears), (owner.email, owner_staff_hear)):
        heard = subjects(address)
        assert len(heard) == len(expected_subjects), heard
        for subject, expected in zip(heard, expected_subjects, strict=True):
            assert expected.format(n=order.number, p=plan.pk if plan else "") in subject
    assert not any(NOTE in m.body for m in mailoutbox if customer.email in m.to)


def test_the_customer_is_not_shown_the_sellers_internal_note(customer_client, customer, seller, seller_user):
    order = OrderFactory(customer=customer, with_items=[(ProductFactory(seller=seller), 1)])
    reason = CancellationReasonFactory(subject="Out of stock", for_seller=True)
    order_item_reject_by_seller(item_id=order.items.get().pk, reason_id=reason.pk, rejected_by=seller_user, note=NOTE)

    page = customer_client.get(reverse("store:order_detail", kwargs={"number": order.number})).content.decode()

    assert "Out of stock" in page
    assert NOTE not in page


def test_a_refund_that_failed_shows_as_failed_not_approved(
    customer_client, customer, cancel_reason, settings, django_capture_on_commit_callbacks
):
    settings.PAYMENT_GATEWAY = {**settings.PAYMENT_GATEWAY, "DECLINE_RATE": 1, "FAILURE_RATE": 0, "TIMEOUT_RATE": 0}
    order = OrderFactory(customer=customer)
    line = RequestLine(item_id=order.items.get().pk, quantity=1, reason_id=cancel_reason.pk)
    (cancellation,) = cancellation_request_create(order_id=order.pk, lines=[line], requested_by=customer)
    with django_capture_on_commit_callbacks(execute=True):
        cancellation_request_approve(request_id=cancellation.pk, approved_by=system_user())
    page = customer_client.get(reverse("store:order_detail", kwargs={"number": order.number})).content.decode()

    assert "Refund failed, our team is on it" in page
