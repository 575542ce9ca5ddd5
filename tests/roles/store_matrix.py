"""The store's and the project's own pages in the role × URL matrix (SPEC section 5).

The store is for customers only, and each of them reaches only their own orders (another
customer's is a 404); the project's public pages answer everyone alike.
"""

from django.urls import reverse

from .machinery import ANONYMOUS, CUSTOMER, LOGIN, OTHER_CUSTOMER, ROLES, Cell, World


def store(ok: int = 200, other: int = 404) -> dict:
    """Customers only: the owner of the order gets `ok`, another customer `other`, staff 403."""
    return {role: {ANONYMOUS: LOGIN, CUSTOMER: ok, OTHER_CUSTOMER: other}.get(role, 403) for role in ROLES}


def everyone(status: int) -> dict:
    return dict.fromkeys(ROLES, status)


def public_cells(w: World) -> list[Cell]:
    """The project's own pages and the store."""
    order, delivered = w.waiting_order, w.delivered_order
    detail = reverse("store:order_detail", args=[order.number])
    withdraw = reverse("store:request_withdraw", args=[delivered.number, w.request.pk])
    shipped = reverse("store:return_shipped", args=[delivered.number, w.request.pk])
    label = reverse("store:return_label", args=[delivered.number, w.request.pk])
    preview = reverse("store:refund_preview", args=[order.number])
    submit = {"items": [w.waiting_item.pk], f"reason_{w.waiting_item.pk}": w.cancel_reason.pk, "accept_policy": "on"}
    mine = frozenset({CUSTOMER})
    return [
        Cell("home", reverse("home"), everyone(302)),
        Cell("store login page", reverse("login"), everyone(200)),
        Cell(
            "store login with a wrong password",
            reverse("login"),
            everyone(200),
            "post",
            {"username": "nobody", "password": "wrong"},
        ),
        Cell("store logout", reverse("logout"), everyone(LOGIN), "post"),
        Cell("return policy", reverse("return_policy"), everyone(200)),
        Cell("health", reverse("health"), everyone(200)),
        # Carriers sign their calls; a session is no signature, whoever sends it.
        Cell("carrier webhook by GET", reverse("carrier_webhook", args=["sandbox"]), everyone(405)),
        Cell("carrier webhook unsigned", reverse("carrier_webhook", args=["sandbox"]), everyone(403), "post"),
        Cell("language switch by GET", reverse("set_language"), everyone(405)),
        # Anyone may switch; a signed-in user's choice is saved on the user.
        Cell(
            "language switch",
            reverse("set_language"),
            everyone(302),
            "post",
            {"language": "tr", "next": "/"},
            may=frozenset(ROLES),
        ),
        Cell("My Orders", reverse("store:order_list"), store(200, other=200)),
        Cell("Order Details", detail, store()),
        Cell("Return Selected Items", detail, store(302), "post", submit, may=mine),
        Cell("Refund preview", preview, store(), "get", submit),
        Cell("Refund preview by POST", preview, store(405, other=405), "post", submit),
        Cell("Withdraw by GET", withdraw, store(405, other=405)),
        Cell("Withdraw Request's confirmation", withdraw, store(200), "post"),
        Cell("Withdraw", withdraw, store(302), "post", {"confirm": "yes"}, may=mine),
        Cell("Print Return Label", label, store()),
        Cell("I Have Shipped It by GET", shipped, store(405, other=405)),
        Cell("I Have Shipped It", shipped, store(302), "post", {"tracking_number": "T1"}, may=mine),
    ]
