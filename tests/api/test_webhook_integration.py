"""The seller's whole integration through the API only, against a live server, told by webhook.

Poll claims with `updated_at__gte`, see a new return, mark it received, approve it; the
refund runs (the test settings' tasks run at once, after commit) and
`cancellation_plan.completed` reaches a local receiver, signed as docs/api.md says; the
claim's refund amount is read back from the API.
"""

import json
import urllib.parse
import urllib.request

import pytest
from django.utils import timezone

from returns.events import EventType
from tests.factories import ApiKeyFactory, WebhookSubscriptionFactory, api_key_of

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_sellers_system_answers_a_return_through_the_api_and_is_told_of_the_refund_by_a_signed_webhook(
    live_server, receiver, seller, make_return
):
    # given the seller's key, and the seller's subscription at their own receiver
    key = api_key_of(ApiKeyFactory(user=seller.users.get()))
    subscription = WebhookSubscriptionFactory(
        seller=seller, url=receiver.url, events=[EventType.CLAIM_CREATED, EventType.CANCELLATION_PLAN_COMPLETED]
    )
    receiver.secret = subscription.secret

    def api(method: str, path: str, body: dict | None = None) -> dict:
        request = urllib.request.Request(  # noqa: S310 - the live test server
            live_server.url + path,
            data=json.dumps(body).encode() if body is not None else None,
            headers={"Authorization": f"Token {key}", "Content-Type": "application/json"},
            method=method,
        )
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - the live test server
            assert response.status == 200
            return json.loads(response.read())

    since = timezone.now().isoformat()
    # when a customer opens a return, the seller's system polls and sees it ...
    claim = make_return(seller)
    polled = api("GET", "/api/v1/claims/?" + urllib.parse.urlencode({"updated_at__gte": since}))
    assert [c["id"] for c in polled["results"]] == [claim.pk]
    assert polled["results"][0]["status"] == "waiting"
    # ... (and was told of it too) ...
    (created,) = receiver.of_type("claim.created")
    assert created.genuine
    assert created.event["data"]["id"] == claim.pk
    # ... marks the parcel received and approves the return
    assert api("POST", f"/api/v1/claims/{claim.pk}/receive/", {})["return_tracking"]["status"] == "received"
    api("POST", f"/api/v1/claims/{claim.pk}/approve/", {"note": "Checked, as new"})
    # then the refund ran and the receiver was told, with a valid signature, of the completed plan
    (completed,) = receiver.of_type("cancellation_plan.completed")
    assert completed.genuine
    event = completed.event
    assert event["type"] == "cancellation_plan.completed"
    assert event["data"]["status"] == "completed"
    (told_claim,) = event["data"]["claims"]
    assert told_claim["id"] == claim.pk
    # and the claim, read through the API, shows the same refund amount
    read = api("GET", f"/api/v1/claims/{claim.pk}/")
    assert read["status"] == "completed"
    assert read["refund_amount"] == told_claim["refund_amount"] == "100.00"
