"""Factories of the email outbox: a queued email of each kind, about rows in the state it announces."""

from datetime import timedelta

import factory
from django.conf import settings
from django.utils import timezone

from returns.choices import EmailKind
from returns.models import OutboundEmail

from .returns import CancellationPlanFactory, CancellationRequestFactory
from .shipments import ReturnShipmentFactory


def _return_request_ids(**traits) -> dict:
    return {"request_ids": [CancellationRequestFactory(refund=True, **traits).pk]}


def _return_request_id(**traits) -> dict:
    return {"request_id": ReturnShipmentFactory(**traits).cancellation_request_id}


EMAIL_SUBJECTS = {
    EmailKind.REQUEST_RECEIVED: lambda: {"request_ids": [CancellationRequestFactory().pk]},
    EmailKind.REQUEST_APPROVED: lambda: {"request_ids": [CancellationRequestFactory(approved=True).pk]},
    EmailKind.REQUEST_REJECTED: lambda: {"request_id": CancellationRequestFactory(rejected=True).pk},
    EmailKind.REQUEST_WITHDRAWN: lambda: {"request_id": CancellationRequestFactory(withdrawn=True).pk},
    EmailKind.SELLER_RETURN_REQUESTED: lambda: {"request_ids": [CancellationRequestFactory(refund=True).pk]},
    EmailKind.REFUND_COMPLETED: lambda: {"plan_id": CancellationPlanFactory(completed=True).pk},
    EmailKind.REFUND_NEEDS_ATTENTION: lambda: {"plan_id": CancellationPlanFactory(needs_attention=True).pk},
    EmailKind.REFUND_FAILED: lambda: {"plan_id": CancellationPlanFactory(failed=True).pk},
    EmailKind.REFUND_FAILED_STAFF: lambda: {"plan_id": CancellationPlanFactory(failed=True).pk},
    EmailKind.SELLER_REQUEST_WITHDRAWN: lambda: _return_request_id(cancelled=True),
    EmailKind.RETURN_INSTRUCTIONS: _return_request_ids,
    EmailKind.RETURN_RECEIVED: lambda: _return_request_id(received=True),
    EmailKind.RETURN_EXPIRED: lambda: _return_request_id(expired=True),
    EmailKind.SELLER_RETURN_IN_TRANSIT: lambda: _return_request_id(in_transit=True),
    EmailKind.SELLER_RETURN_RECEIVED: lambda: _return_request_id(received=True),
    EmailKind.RETURN_TRANSIT_OVERDUE: lambda: _return_request_id(overdue=True),
    EmailKind.RETURN_LOST: lambda: _return_request_id(lost=True),
}


class OutboundEmailFactory(factory.django.DjangoModelFactory):
    """A queued email of `kind` about a new request or plan in the state that email announces."""

    class Meta:
        model = OutboundEmail

    kind = EmailKind.REQUEST_RECEIVED
    payload = factory.LazyAttribute(lambda email: EMAIL_SUBJECTS[email.kind]())

    class Params:
        sent = factory.Trait(attempts=1, sent_at=factory.LazyFunction(timezone.now))
        refused = factory.Trait(
            attempts=1,
            last_error="SMTPServerDisconnected: Connection unexpectedly closed",
            next_attempt_at=factory.LazyFunction(
                lambda: timezone.now() + timedelta(seconds=settings.EMAIL_RETRY_BASE_SECONDS)
            ),
        )
        given_up = factory.Trait(refused=True, attempts=factory.LazyFunction(lambda: settings.EMAIL_MAX_ATTEMPTS))
