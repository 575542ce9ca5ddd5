"""Emails are written in the recipient's language, whoever acted and whatever language they used."""

from decimal import Decimal

import pytest
from django.core import mail
from django.utils import translation

from returns import notifications
from returns.services import cancellation_request_approve
from tests.factories import CancellationRequestFactory, SellerFactory, UserFactory

pytestmark = pytest.mark.django_db


def _return_request(customer, seller, reason):
    """A waiting return of one item of 1,079.00 of the seller's."""
    return CancellationRequestFactory(
        refund=True,
        reason=reason,
        order_item__order__customer=customer,
        order_item__product__seller=seller,
        order_item__unit_price=Decimal("1079.00"),
        parcel_received=True,
    )


def test_a_turkish_customer_gets_turkish_emails_though_the_seller_acted_in_english(return_reason, mailoutbox):
    # given a customer who chose Turkish, and a seller working in English
    customer = UserFactory(username="elif", preferred_language="tr")
    seller_user = UserFactory(username="anatolia-staff", preferred_language="en")
    seller = SellerFactory(staff=[seller_user])
    cancellation = _return_request(customer, seller, return_reason)
    # when the seller approves in English and the customer is told
    with translation.override("en"):
        cancellation_request_approve(request_id=cancellation.pk, approved_by=seller_user)
        notifications.request_approved(request_ids=[cancellation.pk])
    # then the email speaks Turkish
    (email,) = [m for m in mailoutbox if m.to == [customer.email]]
    assert email.subject == f"{cancellation.order.number} siparişiniz için talebiniz onaylandı"
    assert "İadeniz yolda" in email.body
    assert "İadeniz yolda" in email.alternatives[0].content


def test_an_english_customer_gets_english_emails_though_the_page_was_turkish(customer, seller, return_reason):
    customer.preferred_language = "en"
    customer.save()
    cancellation = _return_request(customer, seller, return_reason)

    with translation.override("tr"):
        notifications.request_received(request_ids=[cancellation.pk])

    (email,) = mail.outbox
    assert email.subject == f"Your request for order {cancellation.order.number} is under evaluation"
    assert translation.get_language() == "en"  # the override is restored after the email


def test_a_customer_with_no_preference_gets_the_sites_language(customer, seller, return_reason):
    cancellation = _return_request(customer, seller, return_reason)

    with translation.override("tr"):
        notifications.request_received(request_ids=[cancellation.pk])

    assert mail.outbox[0].subject.startswith("Your request for order")


def test_money_in_an_email_is_written_the_recipients_way(customer, seller, return_reason):
    customer.preferred_language = "tr"
    customer.save()
    cancellation = _return_request(customer, seller, return_reason)
    cancellation_request_approve(request_id=cancellation.pk, approved_by=seller.users.get())

    notifications.refund_completed(plan_id=cancellation.plan_item.plan_id)

    (email,) = [m for m in mail.outbox if "iade" in m.subject]
    assert "1.079,00 TL" in email.body


def test_a_sellers_email_is_in_the_language_its_staff_chose(customer, return_reason):
    seller = SellerFactory(email="shop@example.com", staff=[UserFactory(preferred_language="tr")])
    cancellation = _return_request(customer, seller, return_reason)

    notifications.seller_return_requested(request_ids=[cancellation.pk])

    (email,) = mail.outbox
    assert email.to == ["shop@example.com"]
    assert email.subject == f"{cancellation.order.number} siparişi için yeni iade talebi"


def test_owner_staff_are_told_each_in_their_own_language(customer, seller, return_reason, staff_in):
    turkish, english = staff_in("Omnitron Manager", "manager-tr"), staff_in("Omnitron Manager", "manager-en")
    turkish.preferred_language, english.preferred_language = "tr", "en"
    turkish.save()
    english.save()
    cancellation = _return_request(customer, seller, return_reason)
    cancellation_request_approve(request_id=cancellation.pk, approved_by=seller.users.get())

    notifications.refund_needs_attention(plan_id=cancellation.plan_item.plan_id)

    subjects = {tuple(m.to): m.subject for m in mail.outbox}
    assert "ilgi bekliyor" in subjects[(turkish.email,)]
    assert "needs attention" in subjects[(english.email,)]
