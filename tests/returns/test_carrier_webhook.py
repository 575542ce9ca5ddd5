"""The carriers' webhook (`/carriers/<carrier>/webhook/`): signed, fresh, idempotent per scan id."""

import json
import time

import pytest
from django.urls import reverse
from django_fsm_log.models import StateLog

from returns import carriers
from returns.choices import ReturnShipmentStatus, ScanKind
from returns.models import ReturnScan, ReturnShipment
from returns.services import RequestLine, cancellation_request_create, return_shipment_mark_shipped
from tests.factories import OrderFactory

pytestmark = pytest.mark.django_db
URL = reverse("carrier_webhook", kwargs={"carrier": "sandbox"})


@pytest.fixture
def shipment(customer, return_reason):
    order = OrderFactory(customer=customer, delivered=True)
    line = RequestLine(item_id=order.items.get().pk, quantity=1, reason_id=return_reason.pk)
    (cancellation,) = cancellation_request_create(order_id=order.pk, lines=[line], requested_by=customer)
    return return_shipment_mark_shipped(request_id=cancellation.pk, shipped_by=customer)


def call(client, body: bytes, headers: dict, url=URL):
    return client.post(url, body, content_type="application/json", headers=headers)


def signed(shipment, *, kind=ScanKind.DELIVERED, scan_id="SCAN-1"):
    return carriers.get("sandbox").webhook_call(scan_id=scan_id, return_code=shipment.return_code, kind=kind)


def unchanged(shipment) -> bool:
    shipment.refresh_from_db()
    return shipment.status == ReturnShipmentStatus.IN_TRANSIT and not ReturnScan.objects.exists()


def test_a_signed_delivery_scan_receives_the_parcel(client, shipment):
    body, headers = signed(shipment)
    response = call(client, body, headers)
    assert response.status_code == 200
    assert response.json() == {"scan": "SCAN-1", "result": "recorded", "applied": True}
    shipment.refresh_from_db()
    assert shipment.status == ReturnShipmentStatus.RECEIVED
    scan = ReturnScan.objects.get()
    assert (scan.kind, scan.location) == (ScanKind.DELIVERED, "Seller's warehouse")


def test_the_same_scan_sent_again_answers_duplicate_and_changes_nothing(client, shipment):
    body, headers = signed(shipment)
    call(client, body, headers)
    again = call(client, body, headers)
    assert again.status_code == 200
    assert again.json()["result"] == "duplicate"
    assert ReturnScan.objects.count() == 1
    assert StateLog.objects.for_(shipment).filter(transition="receive").count() == 1


@pytest.mark.parametrize(
    "tamper",
    [
        lambda body, headers: (body.replace(b"delivered", b"lost"), headers),  # body changed after signing
        lambda body, headers: (body, {**headers, carriers.SIGNATURE_HEADER: "sha256=" + "0" * 64}),
        lambda body, headers: (body, {carriers.TIMESTAMP_HEADER: headers[carriers.TIMESTAMP_HEADER]}),
        lambda body, headers: (body, {carriers.SIGNATURE_HEADER: headers[carriers.SIGNATURE_HEADER]}),
        lambda body, headers: (body, {**headers, carriers.TIMESTAMP_HEADER: "not-a-time"}),
        lambda body, headers: (body, {**headers, carriers.TIMESTAMP_HEADER: "١٢٣"}),  # digits, not ASCII
    ],
    ids=["body-changed", "wrong-signature", "no-signature", "no-timestamp", "bad-timestamp", "non-ascii-digits"],
)
def test_a_call_not_signed_by_the_carrier_is_refused_and_changes_nothing(client, shipment, tamper):
    body, headers = tamper(*signed(shipment))
    response = call(client, body, headers)
    assert response.status_code == 403
    assert response.json()["code"] == "bad_signature"
    assert unchanged(shipment)


def test_a_stale_timestamp_is_refused_even_with_a_valid_signature(client, shipment, settings):
    carrier = carriers.get("sandbox")
    body, _headers = signed(shipment)
    stale = int(time.time()) - settings.CARRIER_WEBHOOK_TOLERANCE_SECONDS - 5
    headers = {
        carriers.TIMESTAMP_HEADER: str(stale),
        carriers.SIGNATURE_HEADER: carrier.sign(body=body, timestamp=stale),
    }
    response = call(client, body, headers)
    assert response.status_code == 403
    assert unchanged(shipment)


def test_a_carrier_without_a_secret_accepts_nothing(client, shipment, settings):
    settings.RETURN_CARRIERS = {
        **settings.RETURN_CARRIERS,
        "acme": {"BACKEND": "returns.carriers.SignedJsonCarrier", "NAME": "Acme", "WEBHOOK_SECRET": ""},
    }
    carriers.reset()
    body, headers = signed(shipment)
    response = call(client, body, headers, url=reverse("carrier_webhook", kwargs={"carrier": "acme"}))
    assert response.status_code == 403
    assert unchanged(shipment)


def _signed_body(data) -> tuple[bytes, dict]:
    body = data if isinstance(data, bytes) else json.dumps(data).encode()
    timestamp = int(time.time())
    carrier = carriers.get("sandbox")
    return body, {
        carriers.TIMESTAMP_HEADER: str(timestamp),
        carriers.SIGNATURE_HEADER: carrier.sign(body=body, timestamp=timestamp),
    }


@pytest.mark.parametrize(
    "data",
    [
        b"not json",
        b"\xff\xfe",
        [1, 2],
        {"return_code": "RT-X", "kind": "delivered", "time": "2026-01-01T10:00:00+00:00"},  # no id
        {"id": "S", "return_code": "RT-X", "kind": "teleported", "time": "2026-01-01T10:00:00+00:00"},
        {"id": "S", "return_code": "RT-X", "kind": "delivered", "time": "yesterday"},
        {"id": "S", "return_code": "RT-X", "kind": "delivered", "time": "2026-01-01T10:00:00"},  # no offset
        {"id": "S\x00", "return_code": "RT-X", "kind": "delivered", "time": "2026-01-01T10:00:00+00:00"},
        {"id": 7, "return_code": "RT-X", "kind": "delivered", "time": "2026-01-01T10:00:00+00:00"},
        {"id": "S" * 101, "return_code": "RT-X", "kind": "delivered", "time": "2026-01-01T10:00:00+00:00"},
    ],
)
def test_a_signed_body_that_is_not_a_scan_is_a_400_and_changes_nothing(client, shipment, data):
    response = call(client, *_signed_body(data))
    assert response.status_code == 400
    assert response.json()["code"] == "malformed_scan"
    assert unchanged(shipment)


def test_a_scan_for_a_code_never_issued_is_a_400(client, shipment):
    data = {"id": "S", "return_code": "RT-NEVER", "kind": "delivered", "time": "2026-01-01T10:00:00+00:00"}
    response = call(client, *_signed_body(data))
    assert response.status_code == 400
    assert response.json()["code"] == "unknown_return_code"
    assert unchanged(shipment)


def test_an_unknown_carrier_is_a_404_and_only_post_is_allowed(client, shipment):
    body, headers = signed(shipment)
    assert call(client, body, headers, url="/carriers/nobody/webhook/").status_code == 404
    assert client.get(URL).status_code == 405
    assert unchanged(shipment)


def test_the_webhook_needs_no_csrf_token(shipment):
    from django.test import Client

    body, headers = signed(shipment)
    assert call(Client(enforce_csrf_checks=True), body, headers).status_code == 200
    assert ReturnShipment.objects.get(pk=shipment.pk).status == ReturnShipmentStatus.RECEIVED
