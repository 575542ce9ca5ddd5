"""Benchmark data beyond `seed_demo --orders`: sessions, a 50-item order, orders to submit, plans to drain.

Run as `python bench/fixtures.py COMMAND` with the benchmark's environment; prints JSON.
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sellercenter.settings.base")

import django

django.setup()

import random
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model, login
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection, transaction
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.language import SESSION_KEY as PREFERRED_LANGUAGE
from api.services import api_key_create
from orders.choices import PackageStatus
from orders.models import Order, Product, Seller
from orders.services import order_place
from returns.demo_orders import Draft, Generator, Tables, sequences_reset
from returns.models import CancellationReason, CancellationRequest
from returns.services import (
    RequestLine,
    cancellation_request_approve,
    cancellation_request_create,
    return_shipment_mark_received,
)

User = get_user_model()


def session_for(username: str, language: str = "en") -> str:
    """A session signed in as `username`, left as signing in leaves it (the sign-in signal's keys),
    in `language`: as the header's switch leaves it (a signed-in user's language is the session's,
    whatever the browser asks for)."""
    request = RequestFactory().get("/", HTTP_HOST="127.0.0.1")
    request.session = SessionStore()
    login(request, User.objects.get(username=username), backend=settings.AUTHENTICATION_BACKENDS[0])
    request.session[PREFERRED_LANGUAGE] = language
    request.session.save()
    return request.session.session_key


def big_order() -> str:
    """One order of exactly 50 items from both demo sellers, for the customer `ayse`."""
    number = "BENCH-50"
    if not Order.objects.filter(number=number).exists():
        products = list(Product.objects.filter(seller__slug__in=["anatolia", "bosphorus"]).order_by("pk"))
        extra = [
            Product.objects.create(
                seller=products[i % len(products)].seller,
                sku=f"B50-{i:02d}",
                name=f"Bench item {i:02d}",
                price=Decimal("10.00") + i,
                stock=1000,
            )
            for i in range(50 - len(products))
        ]
        order_place(
            customer=User.objects.get(username="ayse"),
            number=number,
            lines=[(p, 1) for p in products + extra],
            discount_total=Decimal("25.00"),
            shipping_total=Decimal("29.90"),
        )
    return number


def submit_targets(count: int) -> list[dict]:
    """`count` waiting orders of the customer `bench-buyer`, each with one item to cancel."""
    buyer, _ = User.objects.get_or_create(username="bench-buyer", defaults={"email": "buyer@customers.example"})
    product = Product.objects.get(sku="AT-TOWEL-01")
    reason = CancellationReason.objects.active().for_audience("customer").of_type("cancel").first()
    orders = list(Order.objects.filter(customer=buyer, status="waiting_packaging", has_open_request=False)[:count])
    orders += single_item_orders(customer=buyer, product=product, count=count - len(orders), delivered=False)
    return [
        {"number": o.number, "item": o.items.values_list("pk", flat=True).first(), "reason": reason.pk} for o in orders
    ]


def return_targets(count: int) -> list[dict]:
    """`count` delivered orders of `bench-returner` (Anatolia's products), each with one item to return."""
    returner, _ = User.objects.get_or_create(
        username="bench-returner", defaults={"email": "returner@customers.example"}
    )
    product = Product.objects.get(sku="AT-ROBE-02")
    reason = (
        CancellationReason.objects.active()
        .for_audience("customer")
        .of_type("refund")
        .filter(extra_information_needed=False)
        .first()
    )
    orders = single_item_orders(customer=returner, product=product, count=count, delivered=True)
    return [{"number": o.number, "item": o.items.get().pk, "reason": reason.pk} for o in orders]


def single_item_orders(*, customer, product, count: int, delivered: bool) -> list[Order]:
    """`count` orders of one `product` each, written in bulk as `seed_demo --orders` writes them:
    delivered yesterday (so returnable) or still preparing (so cancellable)."""
    if count <= 0:
        return []
    generator = Generator(random.Random(0))
    status = PackageStatus.DELIVERED if delivered else PackageStatus.PREPARING
    created = timezone.now() - (timedelta(days=4) if delivered else timedelta(hours=1))
    with transaction.atomic():
        tables = Tables()
        first = tables.next_pk[Order]
        drafts = [Draft(f"B{first + i:09d}", customer.pk, created, [(product, 1)], status) for i in range(count)]
        ids = [generator.order(tables, draft) for draft in drafts]
        tables.write()
    sequences_reset()
    return list(Order.objects.filter(pk__in=ids).order_by("pk"))


def approve_targets(count: int) -> list[int]:
    """`count` returns of Anatolia's whose parcel is back, each for one approve through the API."""
    returner, _ = User.objects.get_or_create(
        username="bench-returner", defaults={"email": "returner@customers.example"}
    )
    seller_user = User.objects.get(username="anatolia")
    product = Product.objects.get(sku="AT-ROBE-02")
    reason = CancellationReason.objects.active().of_type("refund").filter(extra_information_needed=False).first()
    ids = []
    for order in single_item_orders(customer=returner, product=product, count=count, delivered=True):
        line = RequestLine(item_id=order.items.get().pk, quantity=1, reason_id=reason.pk)
        (cancellation,) = cancellation_request_create(order_id=order.pk, lines=[line], requested_by=returner)
        return_shipment_mark_received(request_id=cancellation.pk, received_by=seller_user)
        ids.append(cancellation.pk)
    return ids


def approve_url(claim_id: int) -> str:
    return f"/api/v1/claims/{claim_id}/approve/"


def measure(client: Client, url: str, page: dict | None = None) -> dict:
    """The page's status, size and queries in a warm process (the first request fills per-process caches).

    A page of `targets` (a POST) spends two of them: one to warm up, one to count."""

    def hit():
        if page and page.get("method") == "POST":
            return client.post(approve_url(page["targets"].pop()), "{}", content_type="application/json")
        return client.get(url)

    hit()
    with CaptureQueriesContext(connection) as queries:
        response = hit()
    return {"status": response.status_code, "queries": len(queries), "bytes": len(response.content)}


def prepare(submit_count: str = "3000", approve_count: str = "60") -> dict:
    Product.objects.update(stock=1_000_000)  # the benchmark places thousands of orders
    keys = {"anatolia": api_key_create(user=User.objects.get(username="anatolia"), name="Benchmark").key}
    approvals = approve_targets(int(approve_count))
    claim = CancellationRequest.objects.filter(order_item__product__seller__slug="anatolia").order_by("-pk").first()
    number = big_order()
    sessions = {
        name: session_for(name)
        for name in ("ayse", "owner", "anatolia", "bench-buyer")
        if name != "bench-buyer" or User.objects.filter(username=name).exists()
    }
    targets = submit_targets(int(submit_count))
    returns = return_targets(int(submit_count) // 3)
    sessions["bench-buyer"] = session_for("bench-buyer")
    sessions["bench-returner"] = session_for("bench-returner")
    ayse_order = Order.objects.filter(customer__username="ayse").exclude(number=number).order_by("-created_at").first()
    prefix = (
        Order.objects.filter(number__startswith="G").order_by("-created_at").values_list("number", flat=True).first()
    )
    year_ago = (timezone.localdate() - timedelta(days=364)).isoformat()  # Returns Analytics for a full year
    pages = {
        "ceiling_anonymous": ("/bench/ceiling/anonymous/", None),
        "ceiling_login": ("/bench/ceiling/login/", "ayse"),
        "my_orders": ("/orders/", "ayse"),
        "order_details": (f"/orders/{ayse_order.number}/", "ayse"),
        "order_details_50_items": (f"/orders/{number}/", "ayse"),
        "owner_orders": ("/admin/orders/order/", "owner"),
        "owner_orders_by_status": ("/admin/orders/order/?status__exact=delivered", "owner"),
        "owner_orders_number_prefix": (f"/admin/orders/order/?q={(prefix or 'G0')[:7]}", "owner"),
        "owner_order_detail_50_items": (f"/admin/orders/order/{Order.objects.get(number=number).pk}/change/", "owner"),
        "owner_requests": ("/admin/returns/cancellationrequest/", "owner"),
        "owner_plans": ("/admin/returns/cancellationplan/", "owner"),
        "seller_requests": ("/seller/returns/cancellationrequest/", "anatolia"),
        "seller_packages": ("/seller/orders/package/", "anatolia"),
        "owner_analytics": ("/admin/returns/analytics/", "owner"),
        "owner_analytics_year": (f"/admin/returns/analytics/?start={year_ago}", "owner"),
        "seller_analytics": ("/seller/returns/analytics/", "anatolia"),
        # The integration API, with the seller's key (`Authorization: Token ...`), not a session.
        "api_claims": ("/api/v1/claims/?limit=25", "anatolia"),
        "api_claim_detail": (f"/api/v1/claims/{claim.pk}/", "anatolia"),
        "api_claim_approve": (approve_url("<id>"), "anatolia"),
    }
    turkish = {name: session_for(name, "tr") for name in ("ayse", "owner", "anatolia")}
    measured = {}
    for name, (url, user) in pages.items():
        page = {"url": url, "user": user}
        if name.startswith("api_"):
            page["key"] = keys[user]
        if name == "api_claim_approve":
            page.update(method="POST", targets=approvals)
        english = page_client(sessions, page)
        in_turkish = page_client(turkish, page, HTTP_ACCEPT_LANGUAGE="tr")
        measured[name] = {**page, **measure(english, url, page)}
        measured[name]["queries_turkish"] = measure(in_turkish, url, page)["queries"]
        if measured[name]["status"] != 200:
            raise SystemExit(f"{url} as {user}: {measured[name]['status']}")
    return {
        "sessions": sessions,
        "sessions_turkish": turkish,
        "pages": measured,
        "submit_targets": targets,
        "return_targets": returns,
    }


def page_client(sessions: dict, page: dict, **headers) -> Client:
    """A client sending the session (or, for the API, the key) the load and the counts send."""
    if "key" in page:
        return Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Token {page['key']}", **headers)
    client = Client(HTTP_HOST="127.0.0.1", **headers)
    if page["user"]:
        client.cookies[settings.SESSION_COOKIE_NAME] = sessions[page["user"]]
    return client


def plans(count: str) -> dict:
    """Approve `count` returns (tasks queued on commit) and report what was created."""
    count = int(count)
    Product.objects.update(stock=1_000_000)
    customer, _ = User.objects.get_or_create(username="bench-returner")
    seller_user = User.objects.get(username="anatolia")
    product = Product.objects.get(sku="AT-PESH-03")
    reason = CancellationReason.objects.active().for_audience("customer").of_type("refund").first()
    ids = []
    for order in single_item_orders(customer=customer, product=product, count=count, delivered=True):
        line = RequestLine(item_id=order.items.get().pk, quantity=1, reason_id=reason.pk)
        (cancellation,) = cancellation_request_create(order_id=order.pk, lines=[line], requested_by=customer)
        return_shipment_mark_received(request_id=cancellation.pk, received_by=seller_user)  # the parcel is back
        cancellation_request_approve(request_id=cancellation.pk, approved_by=seller_user)
        ids.append(cancellation.pk)
    return {"approved": len(ids), "sellers": Seller.objects.count()}


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    print(json.dumps({"prepare": prepare, "plans": plans}[command](*args)))
