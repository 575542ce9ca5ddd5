"""The integration API's rows of the role × URL matrix (SPEC section 8).

Every API cell is sent with the role's own key (made by hand for every role, customers
too: the API must refuse them itself). Seller endpoints: seller staff only, and another
seller's object is a 404. Owner endpoints: owner staff with the Omnitron role's permission.
"""

from django.urls import reverse

from .answers import READ, WORK
from .machinery import ANONYMOUS, OTHER_SELLER, ROLES, SELLER, Cell, World

MINE = frozenset({SELLER})


def api_seller(ok: int = 200, other: int = 404) -> dict:
    """Seller staff only (no key: 401; any other key: 403); `other` for the other seller."""
    return {role: {ANONYMOUS: 401, SELLER: ok, OTHER_SELLER: other}.get(role, 403) for role in ROLES}


def api_owner(may: frozenset, ok: int = 200) -> dict:
    """Owner staff with the permission; no key: 401; any other key: 403."""
    return {role: 401 if role == ANONYMOUS else ok if role in may else 403 for role in ROLES}


def api_cells(w: World) -> list[Cell]:
    claim = w.request.pk

    def url(name: str, *args) -> str:
        return reverse(f"api:{name}", args=args)

    def move(name: str, ok: int, data: dict | None = None) -> Cell:
        path = url(f"package_{name}", w.package.pk)
        return Cell(f"API package {name}", path, api_seller(ok), "post", data or {}, may=MINE, api=True)

    transactions = [
        ("cancel", w.waiting_order, w.waiting_item, w.owner_cancel_reason),
        ("return", w.delivered_order, w.returnable_item, w.owner_return_reason),
    ]
    return [
        Cell("API schema", url("schema"), dict.fromkeys(ROLES, 200)),
        Cell("API docs", url("docs"), dict.fromkeys(ROLES, 200)),
        Cell("API unknown path", "/api/v1/nowhere/", dict.fromkeys(ROLES, 404), api=True),
        Cell("API claims", url("claim_list"), api_seller(200, other=200), api=True),
        Cell("API claim", url("claim_detail", claim), api_seller(), api=True),
        Cell("API approve by GET", url("claim_approve", claim), api_seller(405, other=405), api=True),
        # The world's return is received and waits for its seller: approve and reject work, receive is refused.
        Cell("API approve", url("claim_approve", claim), api_seller(), "post", {"note": ""}, may=MINE, api=True),
        Cell("API reject", url("claim_reject", claim), api_seller(), "post", {"note": "No"}, may=MINE, api=True),
        Cell("API receive", url("claim_receive", claim), api_seller(409), "post", {}, api=True),
        Cell("API packages", url("package_list"), api_seller(200, other=200), api=True),
        # The world's package is preparing: only Ready to Ship moves it.
        move("ready_to_ship", 200),
        move("ship", 409, {"carrier": "Aras", "tracking_number": "T1"}),
        move("deliver", 409),
        move("delivery_failed", 409),
        Cell(
            "API reject an item",
            url("order_item_reject", w.waiting_item.pk),
            api_seller(),
            "post",
            {"reason": w.seller_reason.pk, "note": "Out of stock"},
            may=MINE,
            api=True,
        ),
        Cell("API cancellation requests", url("cancellation_request_list"), api_owner(READ), api=True),
        Cell("API cancellation plans", url("cancellation_plan_list"), api_owner(READ), api=True),
        Cell("API plans export", url("cancellation_plan_list") + "?format=csv", api_owner(READ), api=True),
        *(
            Cell(
                f"API order {transaction}",
                url("order_cancel", order.number),
                api_owner(WORK),
                "post",
                {"transaction": transaction, "items": [{"order_item": item.pk, "reason": reason.pk}]},
                may=WORK,
                api=True,
            )
            for transaction, order, item, reason in transactions
        ),
    ]
