"""Customers' request submissions are limited per hour, so that nobody floods the mailboxes."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from returns.exceptions import TooManyRequestsError
from returns.models import CancellationRequest, OutboundEmail
from returns.services import (
    RequestLine,
    cancellation_request_create,
    cancellation_request_withdraw,
    order_items_cancel,
)
from tests.factories import OrderFactory, ProductFactory

pytestmark = pytest.mark.django_db


def _submit_and_withdraw(customer, reason):
    order = OrderFactory(customer=customer)
    line = RequestLine(item_id=order.items.get().pk, quantity=1, reason_id=reason.pk)
    (cancellation,) = cancellation_request_create(order_id=order.pk, lines=[line], requested_by=customer)
    cancellation_request_withdraw(request_id=cancellation.pk, withdrawn_by=customer)


def test_submissions_beyond_the_hourly_limit_are_refused_through_the_store_with_a_clear_error(
    customer_client, customer, cancel_reason, settings
):
    # given a customer who submitted and withdrew as often as the limit allows
    settings.REQUEST_SUBMISSIONS_PER_HOUR = 3
    for _ in range(3):
        _submit_and_withdraw(customer, cancel_reason)
    emails = OutboundEmail.objects.count()
    # when they press Return Selected Items once more
    order = OrderFactory(customer=customer)
    item = order.items.get()
    response = customer_client.post(
        reverse("store:order_detail", kwargs={"number": order.number}),
        {"items": [str(item.pk)], f"reason_{item.pk}": str(cancel_reason.pk), "accept_policy": "on"},
    )
    # then the page says why as a form error, and nothing is created or emailed
    assert response.status_code == 400
    assert "the most we accept" in response.content.decode()
    assert "Please try again in 60 minutes" in response.content.decode()
    assert not CancellationRequest.objects.filter(order=order).exists()
    assert OutboundEmail.objects.count() == emails


def test_a_submission_of_several_items_counts_once(customer, cancel_reason, settings):
    settings.REQUEST_SUBMISSIONS_PER_HOUR = 2
    order = OrderFactory(customer=customer, with_items=[(ProductFactory(), 1) for _ in range(3)])
    lines = [RequestLine(item_id=item.pk, quantity=1, reason_id=cancel_reason.pk) for item in order.items.all()]
    cancellation_request_create(order_id=order.pk, lines=lines[:2], requested_by=customer)
    cancellation_request_create(order_id=order.pk, lines=lines[2:], requested_by=customer)
    with pytest.raises(TooManyRequestsError):
        _submit_and_withdraw(customer, cancel_reason)


def test_the_limit_is_per_hour_and_per_customer(customer, other_customer, cancel_reason, settings):
    settings.REQUEST_SUBMISSIONS_PER_HOUR = 1
    _submit_and_withdraw(customer, cancel_reason)
    _submit_and_withdraw(other_customer, cancel_reason)  # someone else's submissions do not count
    CancellationRequest.objects.update(created_at=timezone.now() - timedelta(minutes=61))
    _submit_and_withdraw(customer, cancel_reason)  # an hour later, the customer may submit again
    assert CancellationRequest.objects.filter(created_by=customer).count() == 2


def test_owner_staff_actions_are_not_limited(customer, owner, owner_cancel_reason, settings):
    settings.REQUEST_SUBMISSIONS_PER_HOUR = 1
    for _ in range(3):
        order = OrderFactory(customer=customer)
        order_items_cancel(
            order_id=order.pk, item_ids=[order.items.get().pk], reason_id=owner_cancel_reason.pk, cancelled_by=owner
        )
    assert CancellationRequest.objects.count() == 3


def test_zero_turns_the_limit_off(customer, cancel_reason, settings):
    settings.REQUEST_SUBMISSIONS_PER_HOUR = 0
    for _ in range(3):
        _submit_and_withdraw(customer, cancel_reason)
    assert CancellationRequest.objects.count() == 3


def test_the_refusal_is_in_the_customers_language(client, customer, cancel_reason, settings):
    settings.REQUEST_SUBMISSIONS_PER_HOUR = 1
    customer.preferred_language = "tr"
    customer.save(update_fields=["preferred_language"])
    client.force_login(customer)
    _submit_and_withdraw(customer, cancel_reason)
    order = OrderFactory(customer=customer)
    item = order.items.get()
    response = client.post(
        reverse("store:order_detail", kwargs={"number": order.number}),
        {"items": [str(item.pk)], f"reason_{item.pk}": str(cancel_reason.pk), "accept_policy": "on"},
    )
    assert response.status_code == 400
    assert "Lütfen 60 dakika sonra yeniden deneyin" in response.content.decode()
