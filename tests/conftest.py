"""Shared role fixtures only: customer, seller, owner and their clients."""

import os
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.utils import translation

from accounts.models import system_user
from returns import carriers, payments
from returns.choices import CancellationType
from tests.factories import CancellationReasonFactory, SellerFactory, UserFactory

# pytest-playwright runs an event loop in the test thread; the ORM must still work there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session", autouse=True)
def _message_catalogues():
    """Build the Turkish catalogue's .mo from its .po when it is missing or older (it is not committed;
    `make messages` does the same). Written aside and moved, so parallel workers never read half a file."""
    for po in Path(__file__).resolve().parents[1].glob("locale/*/LC_MESSAGES/django.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            partial = po.with_suffix(f".{os.getpid()}.mo-partial")
            subprocess.run(["msgfmt", "--check-format", "-o", partial, po], check=True)
            partial.replace(mo)


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()  # the database is rolled back between tests; cached reads must be too
    system_user.cache_clear()
    yield
    cache.clear()
    system_user.cache_clear()


@pytest.fixture(autouse=True)
def _english_between_tests():
    yield
    translation.deactivate()  # a Turkish page must not leave the next test in Turkish


@pytest.fixture(autouse=True)
def _fresh_gateway(settings):
    payments.reset()
    carriers.reset()
    yield
    payments.reset()
    carriers.reset()


@pytest.fixture
def customer(db):
    return UserFactory(username="customer", first_name="Ayşe", last_name="Yılmaz")


@pytest.fixture
def other_customer(db):
    return UserFactory(username="other-customer")


@pytest.fixture
def owner(db):
    return UserFactory(username="owner-staff", owner=True)


@pytest.fixture
def staff_in(db):
    """Make an owner staff user in one of Omnitron's groups (`accounts.roles`), or in none."""

    def make(role: str | None, username: str | None = None):
        slug = role.split()[-1].lower() if role else "without-permissions"
        user = UserFactory(username=username or f"staff-{slug}", is_staff=True)
        if role:
            user.groups.add(Group.objects.get(name=role))
        return user

    return make


@pytest.fixture
def seller_user(db):
    return UserFactory(username="seller-staff")


@pytest.fixture
def seller(seller_user):
    return SellerFactory(name="Anatolia Textiles", slug="anatolia", staff=[seller_user])


@pytest.fixture
def other_seller_user(db):
    return UserFactory(username="other-seller-staff")


@pytest.fixture
def other_seller(other_seller_user):
    return SellerFactory(name="Bosphorus Electronics", slug="bosphorus", staff=[other_seller_user])


@pytest.fixture
def cancel_reason(db):
    return CancellationReasonFactory(subject="I changed my mind", cancellation_type=CancellationType.CANCEL)


@pytest.fixture
def return_reason(db):
    return CancellationReasonFactory(subject="Does not fit", cancellation_type=CancellationType.REFUND)


@pytest.fixture
def owner_cancel_reason(db):
    return CancellationReasonFactory(
        subject="Suspected fraud", cancellation_type=CancellationType.CANCEL, for_owner=True
    )


@pytest.fixture
def owner_return_reason(db):
    return CancellationReasonFactory(
        subject="The customer asked customer service", cancellation_type=CancellationType.REFUND, for_owner=True
    )


@pytest.fixture
def seller_reason(db):
    return CancellationReasonFactory(subject="Out of stock", cancellation_type=CancellationType.CANCEL, for_seller=True)


@pytest.fixture
def customer_client(client, customer):
    client.force_login(customer)
    return client


@pytest.fixture
def owner_client(client, owner):
    client.force_login(owner)
    return client


@pytest.fixture
def seller_client(client, seller, seller_user):
    client.force_login(seller_user)
    return client
