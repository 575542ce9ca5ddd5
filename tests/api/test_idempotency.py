"""`Idempotency-Key` (SPEC section 8): the same key and body give the same answer again and act once."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django_fsm_log.models import StateLog

from api.models import IdempotentRequest
from returns.models import CancellationRequest
from tests.factories import ApiKeyFactory, IdempotentRequestFactory, api_key_of

CLAIMS = "/api/v1/claims/"


def _reject(client, claim, note="Worn", key="reject-1"):
    return client.post(f"{CLAIMS}{claim.pk}/reject/", {"note": note}, format="json", HTTP_IDEMPOTENCY_KEY=key)


@pytest.mark.django_db
def test_the_same_key_and_body_replay_the_first_answer_and_act_once(seller, seller_api, make_return):
    claim = make_return(seller)
    first, second = _reject(seller_api, claim), _reject(seller_api, claim)
    assert first.status_code == second.status_code == 200
    assert first.json() == second.json()
    assert second["Idempotent-Replayed"] == "true"
    assert StateLog.objects.for_(CancellationRequest.objects.get(pk=claim.pk)).filter(transition="reject").count() == 1


@pytest.mark.django_db
def test_a_refusal_is_replayed_too(seller, seller_api, make_return):
    claim = make_return(seller)
    _reject(seller_api, claim, key="k0")
    first = _reject(seller_api, claim, key="k1")
    assert (first.status_code, first.json()["code"]) == (409, "not_decidable")
    assert _reject(seller_api, claim, key="k1").json() == first.json()


@pytest.mark.django_db
def test_the_same_key_with_another_body_or_path_is_a_409_and_acts_not(seller, seller_api, make_return):
    claim, other = make_return(seller), make_return(seller)
    _reject(seller_api, claim, note="Worn")
    for response in (_reject(seller_api, claim, note="Torn"), _reject(seller_api, other)):
        assert (response.status_code, response.json()["code"]) == (409, "idempotency_key_reused")
    assert CancellationRequest.objects.get(pk=other.pk).status == "waiting"


@pytest.mark.django_db
def test_keys_are_per_user_so_two_integrations_do_not_collide(seller, seller_api, make_return):
    claim = make_return(seller)
    _reject(seller_api, claim)
    colleague = ApiKeyFactory(user=seller.users.get())  # the same user's second key shares its keys
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_key_of(colleague)}")
    assert _reject(client, claim)["Idempotent-Replayed"] == "true"


@pytest.mark.django_db
def test_an_answer_older_than_the_keeping_time_is_forgotten(seller, seller_api, make_return, settings):
    settings.API_IDEMPOTENCY_HOURS = 24
    claim = make_return(seller)
    IdempotentRequestFactory(
        user=seller.users.get(), key="old", created_at=timezone.now() - timezone.timedelta(hours=25)
    )
    response = _reject(seller_api, claim, key="old")
    assert response.status_code == 200
    assert "Idempotent-Replayed" not in response


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["", " ", "x" * 256])
def test_a_malformed_idempotency_key_is_a_400(seller, seller_api, make_return, key):
    claim = make_return(seller)
    response = _reject(seller_api, claim, key=key)
    assert response.status_code == 400
    assert CancellationRequest.objects.get(pk=claim.pk).status == "waiting"


@pytest.mark.django_db
def test_the_database_allows_one_answer_per_user_and_key():
    row = IdempotentRequestFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        IdempotentRequestFactory(user=row.user, key=row.key)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_threads_sending_one_key_at_once_act_once_and_get_twenty_identical_answers(seller, make_return):
    if connection.vendor != "postgresql":
        pytest.skip("concurrency tests need PostgreSQL (set DATABASE_URL)")
    from rest_framework.test import APIClient

    from tests.returns.test_concurrency import run_together

    # given a return waiting for its seller, and the seller's key
    claim = make_return(seller)
    key = api_key_of(ApiKeyFactory(user=seller.users.get(), last_used_at=timezone.now()))

    def send(_i):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        response = _reject(client, claim, key="same-key")
        return response.status_code, response.content

    # when twenty requests with one key arrive at once
    results = run_together(20, send)
    # then one rejection happened and every answer is the same 200
    assert not [r for r in results if isinstance(r, Exception)], results
    assert {status for status, _body in results} == {200}
    assert len({body for _status, body in results}) == 1
    assert StateLog.objects.for_(CancellationRequest.objects.get(pk=claim.pk)).filter(transition="reject").count() == 1
    assert IdempotentRequest.objects.filter(key="same-key").count() == 1


def test_a_multipart_body_with_a_key_is_a_415_not_a_500(seller, seller_api, make_return):
    # a form body, which the request's form parsing has read before the view
    claim = make_return(seller)
    response = seller_api.post(
        f"/api/v1/claims/{claim.pk}/receive/", {"note": "x"}, format="multipart", HTTP_IDEMPOTENCY_KEY="multipart-1"
    )
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"
    assert not IdempotentRequest.objects.exists()
