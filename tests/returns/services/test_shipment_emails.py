"""The return shipment's emails, sent by the mailer from the outbox after the step committed (SPEC rule 13)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from returns.exceptions import ShipmentError
from returns.models import OutboundEmail
from returns.services import (
    outbound_emails_send,
    return_shipment_mark_received,
    return_shipment_mark_shipped,
    returns_sweep,
)
from tests.factories import parcel_deliver

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site_and_return_address(seller, settings):
    settings.SITE_URL = "https://shop.example"
    seller.return_address = "Anatolia Textiles Returns\nOrganize Sanayi 12\nDenizli"
    seller.save()


def sent(mailoutbox):
    outbound_emails_send()
    return {message.subject: message for message in mailoutbox}


def test_the_customer_gets_the_code_carrier_date_address_and_label_link_at_once(waiting_return, mailoutbox):
    code = waiting_return.return_code
    messages = sent(mailoutbox)
    instructions = messages[f"How to send back your return for order {waiting_return.order.number}"]
    body = instructions.body
    assert code in body
    assert "Sandbox Cargo" in body
    assert "Organize Sanayi 12" in body
    assert f"https://shop.example/orders/{waiting_return.order.number}/" in body
    ship_by = waiting_return.return_shipment.ship_by
    assert f"{ship_by:%b}" in body
    assert str(ship_by.day) in body
    html = instructions.alternatives[0].content
    assert code in html
    assert "Organize Sanayi 12<br>Denizli" in html
    # the "received" email names the code too
    received = next(m for s, m in messages.items() if "under evaluation" in s)
    assert code in received.body


def test_the_seller_hears_of_the_parcel_on_its_way_and_the_customer_of_its_arrival(
    waiting_return, customer, seller, mailoutbox
):
    return_shipment_mark_shipped(request_id=waiting_return.pk, shipped_by=customer, tracking_number="SBX42")
    mailoutbox.clear()
    messages = sent(mailoutbox)
    on_its_way = messages[f"Return {waiting_return.return_code} is on its way to you"]
    assert on_its_way.to == [seller.email]
    assert "SBX42" in on_its_way.body
    assert "https://tracking.sandbox-cargo.example/SBX42" in on_its_way.body
    OutboundEmail.objects.all().delete()
    mailoutbox.clear()
    parcel_deliver_by_carrier(waiting_return)
    messages = sent(mailoutbox)
    assert messages[f"Your return {waiting_return.return_code} reached the seller"].to == [customer.email]
    assert messages[f"Return {waiting_return.return_code} was delivered to you: please decide"].to == [seller.email]


def parcel_deliver_by_carrier(cancellation):
    from returns.carriers import CarrierScan
    from returns.services import return_shipment_record_scan

    shipment = cancellation.return_shipment
    scan = CarrierScan(scan_id="D", return_code=shipment.return_code, kind="delivered", scanned_at=timezone.now())
    return_shipment_record_scan(carrier="sandbox", scan=scan)


def test_the_customer_is_told_when_a_return_expires(waiting_return, customer, mailoutbox):
    OutboundEmail.objects.all().delete()
    returns_sweep(now=timezone.now() + timedelta(days=30))
    (message,) = sent(mailoutbox).values()
    assert message.subject == f"Your return {waiting_return.return_code} expired"
    assert message.to == [customer.email]
    assert "was not shipped by" in message.body


def test_a_refused_step_queues_no_email(waiting_return, customer, seller_user):
    parcel_deliver(waiting_return)
    queued = OutboundEmail.objects.count()
    with pytest.raises(ShipmentError):
        return_shipment_mark_shipped(request_id=waiting_return.pk, shipped_by=customer)
    with pytest.raises(ShipmentError):
        return_shipment_mark_received(request_id=waiting_return.pk, received_by=seller_user)
    assert OutboundEmail.objects.count() == queued
