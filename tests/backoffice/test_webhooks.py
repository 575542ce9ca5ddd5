"""The webhook screens: Omnitron's for the owner's subscriptions, Seller Center's for a seller's own,
and the delivery log of each, with Send Again (SPEC section 8)."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.roles import MANAGER, OPERATOR, VIEWER
from api.models import WebhookDelivery, WebhookSubscription
from api.webhooks.models import DeliveryStatus
from tests.factories import WebhookDeliveryFactory, WebhookSubscriptionFactory

pytestmark = pytest.mark.django_db

FORM = {"name": "ERP", "url": "https://erp.example/hooks", "events": ["claim.created", "claim.updated"]}


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_seller_subscribes_their_own_url_and_sees_its_secret(seller, seller_user):
    client = signed_in(seller_user)
    response = client.post(reverse("seller:api_webhooksubscription_add"), {**FORM, "is_active": "on"})
    assert response.status_code == 302
    subscription = WebhookSubscription.objects.get()
    assert subscription.seller == seller
    assert subscription.created_by == seller_user
    assert subscription.events == ["claim.created", "claim.updated"]
    assert subscription.secret.startswith("whsec_")
    page = client.get(reverse("seller:api_webhooksubscription_change", args=[subscription.pk]))
    assert subscription.secret in page.content.decode()


def test_another_sellers_subscription_and_deliveries_are_not_found_nor_listed(seller, other_seller, seller_user):
    theirs = WebhookDeliveryFactory(subscription__seller=other_seller, subscription__name="Theirs")
    mine = WebhookDeliveryFactory(subscription__seller=seller, subscription__name="Mine")
    client = signed_in(seller_user)
    change = reverse("seller:api_webhooksubscription_change", args=[theirs.subscription.pk])
    assert client.get(change).status_code == 404
    assert client.get(reverse("seller:api_webhookdelivery_change", args=[theirs.pk])).status_code == 404
    log = client.get(reverse("seller:api_webhookdelivery_changelist")).content.decode()
    assert "Mine" in log
    assert "Theirs" not in log
    assert client.get(reverse("seller:api_webhookdelivery_change", args=[mine.pk])).status_code == 200


def test_a_subscriptions_delivery_log_lists_only_its_own_deliveries(seller, seller_user):
    mine = WebhookDeliveryFactory(subscription__seller=seller)
    other = WebhookDeliveryFactory(subscription__seller=seller)
    client = signed_in(seller_user)
    subscriptions = client.get(reverse("seller:api_webhooksubscription_changelist")).content.decode()
    link = f"?subscription__id__exact={mine.subscription.pk}"
    assert link.replace("?", "") in subscriptions
    log = client.get(reverse("seller:api_webhookdelivery_changelist") + link).content.decode()
    assert mine.event.event_id in log
    assert other.event.event_id not in log


def test_a_subscription_needs_an_event_and_a_web_address(seller_user, seller):
    client = signed_in(seller_user)
    page = client.post(reverse("seller:api_webhooksubscription_add"), {**FORM, "events": [], "url": "ftp://x"})
    assert page.status_code == 200
    assert not WebhookSubscription.objects.exists()


def test_an_omnitron_manager_subscribes_for_the_owner_and_only_managers_see_the_secret(staff_in):
    manager = signed_in(staff_in(MANAGER))
    assert manager.post(reverse("admin:api_webhooksubscription_add"), FORM).status_code == 302
    subscription = WebhookSubscription.objects.get()
    assert subscription.seller is None
    assert subscription.is_active is False  # the box was left unticked
    change = reverse("admin:api_webhooksubscription_change", args=[subscription.pk])
    assert subscription.secret in manager.get(change).content.decode()
    viewer_page = signed_in(staff_in(VIEWER)).get(change)
    assert viewer_page.status_code == 200
    assert subscription.secret not in viewer_page.content.decode()


def test_omnitron_lists_the_owners_subscriptions_not_the_sellers(staff_in, seller):
    WebhookSubscriptionFactory(name="Finance")
    WebhookSubscriptionFactory(name="Anatolia ERP", seller=seller)
    page = signed_in(staff_in(VIEWER)).get(reverse("admin:api_webhooksubscription_changelist")).content.decode()
    assert "Finance" in page
    assert "Anatolia ERP" not in page


def test_an_operator_sends_a_failed_delivery_again_and_a_viewer_may_not(staff_in):
    delivery = WebhookDeliveryFactory(failed=True)
    data = {"action": "send_again", "_selected_action": [delivery.pk]}
    log = reverse("admin:api_webhookdelivery_changelist")
    assert signed_in(staff_in(VIEWER)).post(log, data).status_code == 403
    assert WebhookDelivery.objects.get().status == DeliveryStatus.FAILED
    assert signed_in(staff_in(OPERATOR)).post(log, data).status_code == 302
    assert WebhookDelivery.objects.get().status == DeliveryStatus.PENDING


def test_a_deliverys_page_has_a_send_again_button_for_an_operator_and_not_for_a_viewer(staff_in):
    delivery = WebhookDeliveryFactory(failed=True)
    page = reverse("admin:api_webhookdelivery_change", args=[delivery.pk])
    button = reverse("admin:api_webhookdelivery_send_again", args=[delivery.pk])
    assert button not in signed_in(staff_in(VIEWER)).get(page).content.decode()
    operator = signed_in(staff_in(OPERATOR))
    assert button in operator.get(page).content.decode()
    response = operator.post(button, follow=True)
    assert response.redirect_chain == [(page, 302)]
    assert "The delivery will be sent again now." in response.content.decode()
    assert WebhookDelivery.objects.get().status == DeliveryStatus.PENDING


def test_a_seller_sends_their_own_delivery_again_from_its_page_and_not_another_sellers(
    seller, other_seller, seller_user
):
    mine = WebhookDeliveryFactory(failed=True, subscription__seller=seller)
    theirs = WebhookDeliveryFactory(failed=True, subscription__seller=other_seller)
    client = signed_in(seller_user)
    assert client.post(reverse("seller:api_webhookdelivery_send_again", args=[mine.pk])).status_code == 302
    assert client.post(reverse("seller:api_webhookdelivery_send_again", args=[theirs.pk])).status_code == 404
    assert WebhookDelivery.objects.get(pk=mine.pk).status == DeliveryStatus.PENDING
    assert WebhookDelivery.objects.get(pk=theirs.pk).status == DeliveryStatus.FAILED


def test_the_delivery_log_shows_status_codes_and_attempts_in_turkish_too(staff_in):
    WebhookDeliveryFactory(failed=True, last_status_code=503)
    viewer = staff_in(VIEWER)
    viewer.preferred_language = "tr"
    viewer.save(update_fields=["preferred_language"])
    page = signed_in(viewer).get(reverse("admin:api_webhookdelivery_changelist")).content.decode()
    assert "503" in page
    assert "Başarısız" in page
    assert "webhook teslimatı" in page


@pytest.mark.parametrize("site", ["admin", "seller"])
def test_the_delivery_log_asks_the_same_number_of_queries_for_many_rows(
    site, staff_in, seller, seller_user, django_assert_max_num_queries
):
    subscription = WebhookSubscriptionFactory(seller=seller if site == "seller" else None)
    client = signed_in(seller_user if site == "seller" else staff_in(VIEWER))
    log = reverse(f"{site}:api_webhookdelivery_changelist")
    WebhookDeliveryFactory(subscription=subscription)
    with django_assert_max_num_queries(12) as few:
        assert client.get(log).status_code == 200
    WebhookDeliveryFactory.create_batch(30, subscription=subscription, failed=True)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(log).status_code == 200
    subscriptions = reverse(f"{site}:api_webhooksubscription_changelist")
    WebhookSubscriptionFactory.create_batch(30, seller=subscription.seller)
    with django_assert_max_num_queries(12):
        assert client.get(subscriptions).status_code == 200
