"""schemathesis drives every operation of the published schema in-process (SPEC section 8, rule 16).

Each operation gets the key of the audience it is for (a seller's or an Omnitron Manager's),
on a world with claims, packages and plans of two sellers; a fixed seed and a few examples
per operation keep it short. No answer may be a 500, and every answer must be one the
schema declares, in the declared shape and content type.
"""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from accounts.roles import MANAGER
from tests.factories import ApiKeyFactory, CancellationPlanFactory, OrderFactory, ProductFactory, api_key_of

OWNER_PATHS = ("/api/v1/cancellation_requests/", "/api/v1/cancellation_plans/", "/api/v1/orders/")
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


# Read at collection (pytest-django has set Django up by then); the schema view reads no rows.
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())


@pytest.fixture
def keys(seller, other_seller, staff_in, make_return):
    """Rows for the fuzzer to find (ids 1, 2, ... exist), and the seller's and the Manager's keys."""
    for owner in (seller, other_seller, seller):
        make_return(owner)
        OrderFactory(with_items=[(ProductFactory(seller=owner), 2)])
    CancellationPlanFactory(completed=True, request__order_item__product__seller=seller)
    now = timezone.now()
    return {
        "seller": api_key_of(ApiKeyFactory(user=seller.users.get(), last_used_at=now)),
        "owner": api_key_of(ApiKeyFactory(user=staff_in(MANAGER), last_used_at=now)),
    }


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=8, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck), database=None)
def test_no_operation_answers_500_or_outside_its_schema(case, keys, settings_override, connections_kept_open):
    audience = "owner" if case.operation.path.startswith(OWNER_PATHS) else "seller"
    response = case.call(headers={"Authorization": f"Token {keys[audience]}"})
    case.validate_response(response, checks=CHECKS)


@pytest.fixture
def settings_override(settings):
    settings.API_RATE_PER_KEY = "100000/min"  # the fuzzer is one key sending hundreds of requests
    return settings


@pytest.fixture
def connections_kept_open():
    """The WSGI handler closes the connection after each request (CONN_MAX_AGE=0), which ends
    the test's transaction on PostgreSQL; keep it open, as Django's own test client does."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)
