"""The role matrix's webhook screens (kept apart so `matrix.py` stays under 400 lines).

Omnitron: Managers make and change the owner's subscriptions (and see their secret);
every role reads them and the delivery log; Operators and Managers send a delivery again.
Seller Center: a seller's staff make and change their own subscriptions and send their
deliveries again. Subscriptions are switched off, never deleted, so their log stays.
"""

from django.urls import reverse

from .answers import ANY_STAFF, MANAGE, READ, SELLERS, WORK, Action, Model, omnitron, seller_center
from .machinery import SELLER, Cell

WEBHOOK_FORM = {"name": "ERP", "url": "https://hooks.example/erp", "events": ["claim.created"], "is_active": "on"}


def webhook_models_omnitron(w) -> dict:
    return {
        "api.webhooksubscription": Model(
            w.webhooks["owner"].subscription, view=READ, add=MANAGE, change=MANAGE, form=WEBHOOK_FORM
        ),
        "api.webhookdelivery": Model(w.webhooks["owner"], view=READ, actions={"send_again": Action(WORK)}),
    }


def webhook_models_seller_center(w) -> dict:
    return {
        "api.webhooksubscription": Model(
            w.webhooks["seller"].subscription, view=SELLERS, add=SELLERS, change=SELLERS, form=WEBHOOK_FORM
        ),
        "api.webhookdelivery": Model(w.webhooks["seller"], view=SELLERS, actions={"send_again": Action(SELLERS)}),
    }


def webhook_cells(w) -> list:
    """A delivery's Send Again button (`<pk>/send-again/`, POST only) on each site."""
    owner = reverse("admin:api_webhookdelivery_send_again", args=[w.webhooks["owner"].pk])
    seller = reverse("seller:api_webhookdelivery_send_again", args=[w.webhooks["seller"].pk])
    return [
        Cell("Send again by GET", owner, omnitron(ANY_STAFF, ok=405)),
        Cell("Send again", owner, omnitron(WORK, ok=302), "post", may=WORK),
        Cell("seller's Send again by GET", seller, seller_center(405, other=405)),
        Cell("seller's Send again", seller, seller_center(ok=302), "post", may=frozenset({SELLER})),
    ]
