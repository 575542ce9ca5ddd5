"""Factories of the integration API's rows: keys (whose whole key the tests send), kept answers, and
webhook subscriptions, events and deliveries."""

from datetime import timedelta

import factory
from django.utils import timezone

from api.keys import SEPARATOR, hasher
from api.models import ApiKey, IdempotentRequest, WebhookDelivery, WebhookEvent, WebhookSubscription
from api.webhooks.models import DeliveryStatus
from returns.events import EventType

from .orders import SellerFactory
from .users import UserFactory

TEST_SECRET = "test-secret-of-every-factory-key"


def api_key_of(api_key: ApiKey) -> str:
    """The whole key a factory-made key answers to (`Authorization: Token <this>`)."""
    return f"{api_key.prefix}{SEPARATOR}{TEST_SECRET}"


class ApiKeyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApiKey

    user = factory.SubFactory(UserFactory, is_staff=True)
    name = factory.Sequence(lambda n: f"Integration {n}")
    prefix = factory.Sequence(lambda n: f"f{n:07x}")
    hashed_secret = factory.LazyFunction(lambda: hasher.encode(TEST_SECRET))

    class Params:
        revoked = factory.Trait(revoked_at=factory.LazyFunction(timezone.now))


class IdempotentRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IdempotentRequest

    user = factory.SubFactory(UserFactory, is_staff=True)
    key = factory.Sequence(lambda n: f"key-{n}")
    method = "POST"
    path = "/api/v1/claims/1/approve/"
    fingerprint = factory.Faker("sha256")
    status_code = 200
    body = "{}"

    class Params:
        running = factory.Trait(status_code=None, body="")


class WebhookSubscriptionFactory(factory.django.DjangoModelFactory):
    """The owner's subscription to every event; `of_seller` makes it one seller's."""

    class Meta:
        model = WebhookSubscription

    name = factory.Sequence(lambda n: f"Receiver {n}")
    url = "http://127.0.0.1:9/hooks"  # the discard port: nothing listens
    secret = factory.Sequence(lambda n: f"whsec_test_{n}")
    events = factory.LazyFunction(lambda: list(EventType.values))

    class Params:
        of_seller = factory.Trait(seller=factory.SubFactory(SellerFactory))
        inactive = factory.Trait(is_active=False)


class WebhookEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WebhookEvent

    type = EventType.CLAIM_UPDATED
    data = factory.LazyFunction(lambda: {"id": 1, "status": "approved"})


class WebhookDeliveryFactory(factory.django.DjangoModelFactory):
    """Pending and due; `delivered` and `failed` as the worker leaves them."""

    class Meta:
        model = WebhookDelivery

    event = factory.SubFactory(WebhookEventFactory)
    subscription = factory.SubFactory(WebhookSubscriptionFactory)
    give_up_at = factory.LazyFunction(lambda: timezone.now() + timedelta(hours=25))

    class Params:
        delivered = factory.Trait(
            status=DeliveryStatus.DELIVERED,
            attempts=1,
            last_status_code=200,
            last_response="ok",
            last_attempt_at=factory.LazyFunction(timezone.now),
            delivered_at=factory.LazyFunction(timezone.now),
        )
        failed = factory.Trait(
            status=DeliveryStatus.FAILED,
            attempts=30,
            last_status_code=503,
            last_response="Service Unavailable",
            last_attempt_at=factory.LazyFunction(timezone.now),
        )
