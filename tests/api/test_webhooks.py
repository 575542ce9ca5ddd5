"""Webhooks (SPEC section 8): signed, written with the step's transaction, retried for a day, scoped."""

import json
import time
from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from api.models import WebhookDelivery, WebhookEvent
from api.webhooks import delivery as sending
from api.webhooks.delivery import Answer, deliveries_claim, deliveries_send, delivery_send_again
from api.webhooks.models import DeliveryStatus
from returns.events import EventType
from returns.services import RequestLine, cancellation_plan_create, cancellation_request_create, returns_sweep
from tests.factories import OrderFactory, ProductFactory, WebhookDeliveryFactory, WebhookSubscriptionFactory

from .webhook_receiver import documented_recipe

pytestmark = pytest.mark.django_db


@pytest.fixture
def answering(monkeypatch):
    """Replace the HTTP POST by a list of answers to give, keeping what was sent."""
    sent = []

    def install(*statuses):
        answers = list(statuses)

        def post(*, url, body, headers):
            sent.append(json.loads(body))
            status = answers.pop(0) if len(answers) > 1 else answers[0]
            return Answer(status_code=status, body="ok") if status else Answer(error="Connection refused")

        monkeypatch.setattr(sending, "post", post)
        return sent

    return install


def test_a_delivery_is_signed_so_that_the_documented_recipe_accepts_it(
    receiver, seller, make_return, django_capture_on_commit_callbacks
):
    # given the owner's subscription to new claims, at a local receiver
    subscription = WebhookSubscriptionFactory(url=receiver.url, events=[EventType.CLAIM_CREATED])
    receiver.secret = subscription.secret
    # when a customer opens a return (and the step commits)
    with django_capture_on_commit_callbacks(execute=True):
        claim = make_return(seller)
    # then the receiver got one signed claim.created with the claim as the owner's API shows it
    (call,) = receiver.calls
    assert call.genuine
    assert call.headers["X-Webhook-Event"] == "claim.created"
    event = call.event
    assert event["type"] == "claim.created"
    assert call.headers["X-Webhook-Id"] == event["id"]
    assert event["data"]["id"] == claim.pk
    assert event["data"]["seller"] == "anatolia"
    assert event["data"]["return_code"] == claim.return_shipment.return_code
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (DeliveryStatus.DELIVERED, 1, 200)
    assert delivery.last_response == "thanks"


def test_the_recipe_refuses_a_changed_body_a_wrong_secret_and_a_stale_timestamp():
    genuine = documented_recipe()
    body, now = b'{"id": "evt_1"}', int(time.time())
    signed = sending.signature(secret="whsec_a", timestamp=str(now), body=body)
    assert genuine("whsec_a", body, str(now), signed)
    assert not genuine("whsec_a", body + b" ", str(now), signed)
    assert not genuine("whsec_b", body, str(now), signed)
    assert not genuine(
        "whsec_a", body, str(now - 301), sending.signature(secret="whsec_a", timestamp=str(now - 301), body=body)
    )
    assert not genuine("whsec_a", body, "yesterday", signed)
    assert not genuine("whsec_a", body, str(now), None)


def test_nothing_is_written_without_a_subscription_nor_when_the_step_rolls_back(seller, make_return):
    make_return(seller)
    assert not WebhookEvent.objects.exists()
    WebhookSubscriptionFactory()

    def step_that_fails():
        with transaction.atomic():
            make_return(seller)
            assert WebhookEvent.objects.exists()
            raise RuntimeError

    with pytest.raises(RuntimeError):
        step_that_fails()
    assert not WebhookEvent.objects.exists()
    assert not WebhookDelivery.objects.exists()


def test_an_inactive_subscription_or_one_to_other_events_is_not_told(seller, make_return):
    WebhookSubscriptionFactory(inactive=True)
    WebhookSubscriptionFactory(events=[EventType.CANCELLATION_PLAN_COMPLETED])
    make_return(seller)
    assert not WebhookDelivery.objects.exists()


def test_a_failing_receiver_is_tried_again_with_doubling_pauses_for_a_day_then_given_up(answering):
    sent = answering(503)
    delivery = WebhookDeliveryFactory()
    start = delivery.next_attempt_at
    now, pauses = start, []
    while WebhookDelivery.objects.get(pk=delivery.pk).status == DeliveryStatus.PENDING:
        assert deliveries_send(now=now) == 1
        delivery.refresh_from_db()
        pauses.append((delivery.next_attempt_at - now).total_seconds())
        now = delivery.next_attempt_at
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.last_status_code == 503
    assert pauses[:5] == [30, 60, 120, 240, 480]
    assert max(pauses) == 3600
    assert delivery.last_attempt_at - start >= timedelta(hours=24)
    assert len(sent) == delivery.attempts < 40
    assert deliveries_send(now=now + timedelta(days=1)) == 0  # given up: never sent again


def test_a_receiver_down_for_an_hour_loses_nothing(answering, seller, make_return):
    # given the owner's and the seller's subscriptions, and a receiver that refuses for an hour
    WebhookSubscriptionFactory()
    WebhookSubscriptionFactory(seller=seller)
    sent = answering(None)
    for _ in range(3):
        make_return(seller)
    start = timezone.now()
    for minute in range(0, 61, 5):  # the sweeper runs every five minutes: every attempt fails
        returns_sweep(now=start + timedelta(minutes=minute))
    assert not WebhookDelivery.objects.filter(status=DeliveryStatus.DELIVERED).exists()
    # when it answers again, the sweeps that follow deliver every event, each once
    answering(200)
    for minute in range(65, 200, 5):
        returns_sweep(now=start + timedelta(minutes=minute))
    deliveries = WebhookDelivery.objects.all()
    assert deliveries.count() == 6
    assert all(d.status == DeliveryStatus.DELIVERED for d in deliveries)
    assert sorted(event["id"] for event in sent[-6:]) == sorted(e.event_id for e in WebhookEvent.objects.all())


def test_two_sweepers_at_once_claim_each_attempt_once_and_an_event_has_one_delivery_per_subscription():
    delivery = WebhookDeliveryFactory()
    now = timezone.now()
    assert deliveries_claim(now=now) == [delivery.pk]
    assert deliveries_claim(now=now) == []  # the second sweeper finds it claimed
    assert deliveries_claim(now=now + timedelta(seconds=30)) == []  # still leased
    with pytest.raises(IntegrityError), transaction.atomic():
        WebhookDeliveryFactory(event=delivery.event, subscription=delivery.subscription)


def test_send_again_makes_a_failed_delivery_due_now_with_a_new_day(answering, django_capture_on_commit_callbacks):
    sent = answering(200)
    delivery = WebhookDeliveryFactory(failed=True)
    with django_capture_on_commit_callbacks(execute=True):
        delivery_send_again(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED
    assert delivery.last_status_code == 200
    assert len(sent) == 1
    assert delivery.give_up_at > timezone.now() + timedelta(hours=24)


def test_a_seller_is_told_only_of_their_own_claims_and_of_a_shared_plan_only_their_part(
    customer, cancel_reason, seller, other_seller, owner
):
    # given subscriptions of the owner and of both sellers, and an order with items of both
    mine, theirs, owners = (
        WebhookSubscriptionFactory(seller=seller),
        WebhookSubscriptionFactory(seller=other_seller),
        WebhookSubscriptionFactory(),
    )
    order = OrderFactory(customer=customer, with_items=[(ProductFactory(seller=s), 1) for s in (seller, other_seller)])
    # when the customer cancels both lines and the owner plans their refund together
    requests = cancellation_request_create(
        order_id=order.pk,
        lines=[RequestLine(item_id=i.pk, quantity=1, reason_id=cancel_reason.pk) for i in order.items.all()],
        requested_by=customer,
    )
    plan = cancellation_plan_create(order_id=order.pk, request_ids=[r.pk for r in requests], created_by=owner)
    by_seller = {r.seller_id: r.pk for r in requests}

    def told(subscription, event_type):
        return [d.event.data for d in subscription.deliveries.select_related("event") if d.event.type == event_type]

    # then each seller got a claim.created for their own claim only, the owner one for each
    assert [data["id"] for data in told(mine, "claim.created")] == [by_seller[seller.pk]]
    assert [data["id"] for data in told(theirs, "claim.created")] == [by_seller[other_seller.pk]]
    assert sorted(data["id"] for data in told(owners, "claim.created")) == sorted(by_seller.values())
    # and of the plan each seller sees their own claim in it, and none of its amounts
    (my_plan,) = told(mine, "cancellation_plan.created")
    assert my_plan["id"] == plan.pk
    assert [c["id"] for c in my_plan["claims"]] == [by_seller[seller.pk]]
    assert "amount" not in my_plan
    assert "refund_lines" not in my_plan
    (owners_plan,) = told(owners, "cancellation_plan.created")
    assert owners_plan["amount"] == str(plan.amount)
    assert len(owners_plan["items"]) == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_ten_workers_sweeping_at_once_send_each_due_delivery_exactly_once(monkeypatch):
    from django.db import connection

    from tests.returns.test_concurrency import run_together

    if connection.vendor != "postgresql":
        pytest.skip("concurrency tests need PostgreSQL (set DATABASE_URL)")
    # given twenty due deliveries and a receiver that counts what it gets
    deliveries = WebhookDeliveryFactory.create_batch(20)
    sent = []

    def post(*, url, body, headers):
        sent.append(headers["X-Webhook-Id"])
        time.sleep(0.01)
        return Answer(status_code=204)

    monkeypatch.setattr(sending, "post", post)
    now = timezone.now()

    # when ten sweepers run at once
    results = run_together(10, lambda _i: deliveries_send(now=now))
    # then every delivery was sent once, by one of them, and is delivered after one attempt
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sum(results) == 20
    assert len(sent) == len(set(sent)) == 20
    assert set(WebhookDelivery.objects.values_list("status", "attempts")) == {(DeliveryStatus.DELIVERED, 1)}
    assert {d.pk for d in deliveries} == set(WebhookDelivery.objects.values_list("pk", flat=True))
