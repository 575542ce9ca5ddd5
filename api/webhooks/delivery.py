"""Sending deliveries: signed POSTs, claimed so no two workers send the same attempt.

Each attempt is claimed first (due rows locked with `select_for_update(skip_locked)`
where the database has row locks, and moved past a lease by one conditional UPDATE, so
of any number of workers and sweepers exactly one sends it), then POSTed outside any
transaction with a short timeout, then recorded: a 2xx answer delivers it; anything else
(another status, a timeout, a refused connection) schedules the next attempt after a
pause that doubles up to `WEBHOOK_BACKOFF_MAX_SECONDS`, until `give_up_at`, when the
delivery is failed. A worker that dies mid-attempt leaves the row to be retried once its
lease ends: delivery is at least once, and receivers tell repeats apart by `X-Webhook-Id`.
"""

import hashlib
import hmac
import ipaddress
import logging
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from rest_framework.fields import DateTimeField
from rest_framework.renderers import JSONRenderer

from .models import DeliveryStatus, WebhookDelivery

logger = logging.getLogger(__name__)

TIMESTAMP_HEADER = "X-Webhook-Timestamp"
SIGNATURE_HEADER = "X-Webhook-Signature"
EVENT_HEADER = "X-Webhook-Event"
ID_HEADER = "X-Webhook-Id"
LEASE_SECONDS = 60  # a claimed attempt not recorded by then (its worker died) is due again
BATCH = 100
EXCERPT = 500  # characters of the receiver's answer kept in the log


@dataclass(frozen=True)
class Answer:
    """What the receiver said: a status code and the start of its body, or why there was none."""

    status_code: int | None = None
    body: str = ""
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def signature(*, secret: str, timestamp: str, body: bytes) -> str:
    """`sha256=<hex>`: the HMAC-SHA256 of `<timestamp>.<body>` under the subscription's secret."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def backoff_seconds(attempts: int) -> int:
    """The pause after the `attempts`-th failed attempt: 30 s, 1 min, 2 min ... at most an hour."""
    return min(settings.WEBHOOK_BACKOFF_BASE_SECONDS * 2 ** max(attempts - 1, 0), settings.WEBHOOK_BACKOFF_MAX_SECONDS)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect is an answer that is not 2xx: retried, never followed


_opener = urllib.request.build_opener(_NoRedirects)


def _address_allowed(url: str) -> bool:
    """Outside development, deliveries go to public addresses only (not to our own network)."""
    if settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES:
        return True
    host = urllib.parse.urlsplit(url).hostname or ""
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except OSError:
        return False
    return all(ipaddress.ip_address(address.split("%")[0]).is_global for address in addresses)


def post(*, url: str, body: bytes, headers: dict[str, str]) -> Answer:
    """POST the body; never raises (every failure is an Answer without a 2xx)."""
    if not _address_allowed(url):
        return Answer(error="The URL's host is not a public address.")
    # http(s) only: the subscription's URLField allows no other scheme.
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
    try:
        with _opener.open(request, timeout=settings.WEBHOOK_TIMEOUT_SECONDS) as response:
            return Answer(response.status, response.read(EXCERPT * 4).decode("utf-8", "replace")[:EXCERPT])
    except urllib.error.HTTPError as error:
        return Answer(error.code, error.read(EXCERPT * 4).decode("utf-8", "replace")[:EXCERPT])
    except (OSError, ValueError) as error:  # refused, timed out, unreachable, a URL urllib cannot use
        return Answer(error=str(error)[:EXCERPT] or type(error).__name__)


def envelope(event) -> dict:
    """What is POSTed: the event's id, type and time (written as the API writes times), and the object."""
    created_at = DateTimeField().to_representation(event.created_at)
    return {"id": event.event_id, "type": event.type, "created_at": created_at, "data": event.data}


def deliveries_claim(*, now: datetime, delivery_ids: list[int] | None = None) -> list[int]:
    """Claim the due deliveries (of `delivery_ids`, or the oldest due): the ids that are now ours to send."""
    with transaction.atomic():
        due = WebhookDelivery.objects.due(now)
        if delivery_ids is not None:
            due = due.filter(pk__in=delivery_ids)
        ids = list(
            due.select_for_update(skip_locked=True)
            .order_by("next_attempt_at", "pk")
            .values_list("pk", flat=True)[:BATCH]
        )
        lease = now + timedelta(seconds=LEASE_SECONDS)
        # One UPDATE per row, re-checking that it is due: without row locks (SQLite) two
        # claimers may pick the same id, and only one of them moves it.
        return [
            pk
            for pk in ids
            if WebhookDelivery.objects.due(now)
            .filter(pk=pk)
            .update(next_attempt_at=lease, attempts=F("attempts") + 1, last_attempt_at=now)
            == 1
        ]


def delivery_send(*, delivery_id: int, now: datetime) -> Answer:
    """Send one claimed delivery and record the answer."""
    delivery = WebhookDelivery.objects.select_related("event", "subscription").get(pk=delivery_id)
    subscription, event = delivery.subscription, delivery.event
    if not subscription.is_active:
        answer = Answer(error="The subscription is inactive.")
    else:
        body = JSONRenderer().render(envelope(event))
        timestamp = str(int(now.timestamp()))
        headers = {
            "Content-Type": "application/json",
            "User-Agent": "SellerCenter-Webhooks/1",
            TIMESTAMP_HEADER: timestamp,
            SIGNATURE_HEADER: signature(secret=subscription.secret, timestamp=timestamp, body=body),
            EVENT_HEADER: event.type,
            ID_HEADER: event.event_id,
        }
        started = time.monotonic()
        answer = post(url=subscription.url, body=body, headers=headers)
        logger.info(
            "webhook %s %s to subscription %s: %s %s in %.0f ms",
            event.type,
            event.event_id,
            subscription.pk,
            answer.status_code,
            answer.error,
            (time.monotonic() - started) * 1000,
        )
    delivery_record(delivery=delivery, answer=answer, now=now, retry=subscription.is_active)
    return answer


def delivery_record(*, delivery: WebhookDelivery, answer: Answer, now: datetime, retry: bool = True) -> None:
    fields = {"last_status_code": answer.status_code, "last_response": answer.body, "last_error": answer.error}
    if answer.ok:
        fields.update(status=DeliveryStatus.DELIVERED, delivered_at=now)
    elif not retry or now >= delivery.give_up_at:
        fields.update(status=DeliveryStatus.FAILED)
    else:
        next_attempt = now + timedelta(seconds=backoff_seconds(delivery.attempts))
        fields.update(next_attempt_at=min(next_attempt, max(delivery.give_up_at, now)))
    # Only the attempt we claimed is recorded (a later claimer has a higher attempt count).
    WebhookDelivery.objects.filter(pk=delivery.pk, attempts=delivery.attempts).update(**fields)


def deliveries_send(*, now: datetime | None = None, delivery_ids: list[int] | None = None) -> int:
    """Claim and send the due deliveries (of `delivery_ids`, or any); returns how many were sent."""
    now = now or timezone.now()
    claimed = deliveries_claim(now=now, delivery_ids=delivery_ids)
    for delivery_id in claimed:
        delivery_send(delivery_id=delivery_id, now=now)
    return len(claimed)


def deliveries_sweep(sender=None, *, now: datetime | None = None, **kwargs) -> int:
    """The sweeper's part (connected to `returns.events.swept`): re-drive every due delivery."""
    return deliveries_send(now=now)


@transaction.atomic
def delivery_send_again(*, delivery_id: int, now: datetime | None = None) -> WebhookDelivery:
    """Make a delivery pending again, due now, with a new `WEBHOOK_RETRY_HOURS` to succeed in."""
    now = now or timezone.now()
    delivery = WebhookDelivery.objects.select_for_update().get(pk=delivery_id)
    delivery.status = DeliveryStatus.PENDING
    delivery.next_attempt_at = now
    delivery.give_up_at = now + timedelta(hours=settings.WEBHOOK_RETRY_HOURS)
    delivery.save(update_fields=["status", "next_attempt_at", "give_up_at"])
    transaction.on_commit(lambda: _enqueue([delivery_id]))
    return delivery


def _enqueue(delivery_ids: list[int]) -> None:
    from ..tasks import deliver_webhooks

    deliver_webhooks.enqueue(delivery_ids=delivery_ids)
