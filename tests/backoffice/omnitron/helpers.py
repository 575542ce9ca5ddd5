"""Posting Omnitron's Cancel/Return Selected Items, as its tests do."""

from django.urls import reverse


def apply_transaction(client, order, items, transaction, reason, confirm=False):
    """Apply (or, with `confirm`, Yes on the confirmation page) for `items` of `order`."""
    data = {
        "item_ids": [i.pk for i in items],
        "action": "cancel_return_selected",
        "transaction": transaction,
        "reason": reason.pk,
        "note": "",
    }
    if confirm:
        data["confirm"] = "yes"
    return client.post(reverse("admin:orders_order_cancel_return", args=[order.pk]), data)
