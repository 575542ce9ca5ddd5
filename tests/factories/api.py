"""Factories of the integration API's rows: keys (whose whole key the tests send) and kept answers."""

import factory
from django.utils import timezone

from api.keys import SEPARATOR, hasher
from api.models import ApiKey, IdempotentRequest

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
