"""Throttling per key (SPEC section 8): over the rate, 429 with `Retry-After`; other keys go on."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_key_over_its_rate_gets_429_with_retry_after_and_another_key_does_not(settings, seller_api, other_seller_api):
    settings.API_RATE_PER_KEY = "3/min"
    answers = [seller_api.get("/api/v1/claims/").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    refused = seller_api.get("/api/v1/claims/")
    assert refused.json()["code"] == "throttled"
    assert 0 < int(refused["Retry-After"]) <= 60
    assert other_seller_api.get("/api/v1/claims/").status_code == 200
