"""The role × URL matrix's machinery: the roles, the world they act on, every URL, writes.

What each role should get from each URL is the matrix (`matrix.py`); this module finds
the URLs (the URLconf and both admin sites' registrations), builds the objects they act
on, signs the roles in, and answers "did this request write anything".
"""

import copy
import re
from dataclasses import dataclass, field

from axes.models import AccessAttempt, AccessLog
from django.apps import apps
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLResolver, get_resolver, resolve
from django.utils import timezone

from accounts.roles import MANAGER, OPERATOR, VIEWER
from backoffice.omnitron.site import owner_site
from backoffice.seller_center.site import seller_site
from returns.models import OutboundEmail
from returns.services import RequestLine, cancellation_request_create, return_shipment_mark_received
from tests.factories import (
    ApiKeyFactory,
    CancellationPlanFactory,
    CancellationReasonFactory,
    OrderFactory,
    ProductFactory,
    SellerFactory,
    UserFactory,
    WebhookDeliveryFactory,
    api_key_of,
)

ANONYMOUS = "anonymous"
CUSTOMER = "customer"  # owns every order of the world
OTHER_CUSTOMER = "other customer"
SELLER = "seller"  # sells every item the cells act on
OTHER_SELLER = "other seller"  # sells other items of the same orders
STAFF = "staff without permissions"
ROLES = (ANONYMOUS, CUSTOMER, OTHER_CUSTOMER, SELLER, OTHER_SELLER, STAFF, VIEWER, OPERATOR, MANAGER)
LOGIN = "login"  # the answer "302 to this site's login page"
SITES = (owner_site, seller_site)


@dataclass(frozen=True)
class Cell:
    """One request (a URL, a method, a form) and what each role must get from it.

    `expect` maps each role to a status code or LOGIN; `may` are the roles whose request
    may change rows (for everyone else, nothing may change).
    """

    label: str
    path: str
    expect: dict
    method: str = "get"
    data: dict = field(default_factory=dict)
    may: frozenset = frozenset()
    api: bool = False  # an API call: sent with the role's API key (none for the anonymous visitor), as JSON


@dataclass
class World:
    """The objects the cells act on: all the customer's, all sold by the seller."""

    users: dict
    seller: object
    waiting_order: object
    waiting_item: object
    delivered_order: object
    returnable_item: object
    request: object
    failed_plan: object
    cancel_reason: object
    return_reason: object
    owner_cancel_reason: object
    owner_return_reason: object
    seller_reason: object
    package: object
    email: object
    attempt: object
    sign_in: object
    api_key: object
    webhooks: dict  # the owner's and the seller's subscription and a delivery of each


def url_routes() -> set[str]:
    """Every route of the URLconf, written as Django's `ResolverMatch.route` writes it."""
    return set(_walk(get_resolver(), ""))


def _walk(resolver, prefix: str):
    for pattern in resolver.url_patterns:
        route = str(pattern.pattern)
        route = prefix + (route.removeprefix("^") if prefix else route)
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern, route)
        else:
            yield route


def route_of(path: str) -> str:
    return resolve(path.split("?")[0]).route


def registrations(site) -> list[tuple[str, object]]:
    """The models a site registers, as ("app_label.model_name", model admin)."""
    return [
        (model._meta.label_lower, site.get_model_admin(model))
        for model in apps.get_models()
        if site.is_registered(model)
    ]


def action_names(model_admin) -> list[str]:
    """Every action a model admin declares, and the site's own (delete_selected)."""
    declared = [action if isinstance(action, str) else action.__name__ for action in model_admin.actions or ()]
    return [*declared, *(name for name, _action in model_admin.admin_site.actions)]


# Writes that change no row the matrix is about: sessions (signing out) and sign-in throttling's counts.
UNWATCHED_TABLES = {"django_session"}
WRITE = re.compile(r'^\s*(?:INSERT INTO|UPDATE|DELETE FROM)\s+"?(\w+)"?', re.IGNORECASE)


def tables_written(queries) -> set[str]:
    """The watched tables that statements of `CaptureQueriesContext` wrote to."""
    unwatched = UNWATCHED_TABLES | {m._meta.db_table for m in apps.get_models() if m._meta.app_label == "axes"}
    written = {match[1] for query in queries if (match := WRITE.match(query["sql"]))}
    return written - unwatched


def role_users() -> dict:
    """One user per role (None for the anonymous visitor)."""
    users = {
        ANONYMOUS: None,
        CUSTOMER: UserFactory(username="customer"),
        OTHER_CUSTOMER: UserFactory(username="other-customer"),
        SELLER: UserFactory(username="seller-staff"),
        OTHER_SELLER: UserFactory(username="other-seller-staff"),
        STAFF: UserFactory(username="staff", is_staff=True),
    }
    for role in (VIEWER, OPERATOR, MANAGER):
        users[role] = UserFactory(username=role.split()[-1].lower(), is_staff=True)
        users[role].groups.add(Group.objects.get(name=role))
    return users


def world_build() -> World:
    """Orders of one customer with items of two sellers, in the states the cells need."""
    users = role_users()
    seller = SellerFactory(name="Anatolia Textiles", slug="anatolia", staff=[users[SELLER]])
    other = SellerFactory(name="Bosphorus Electronics", slug="bosphorus", staff=[users[OTHER_SELLER]])
    cancel_reason = CancellationReasonFactory(subject="I changed my mind", cancellation_type="cancel")
    return_reason = CancellationReasonFactory(subject="Does not fit", cancellation_type="refund")
    owner_cancel_reason = CancellationReasonFactory(subject="Suspected fraud", for_owner=True)
    owner_return_reason = CancellationReasonFactory(subject="Asked by phone", refund=True, for_owner=True)
    seller_reason = CancellationReasonFactory(subject="Out of stock", for_seller=True)
    customer = users[CUSTOMER]

    def order(*sellers, **status):
        return OrderFactory(customer=customer, with_items=[(ProductFactory(seller=s), 1) for s in sellers], **status)

    waiting_order = order(seller, other)
    delivered_order = order(seller, seller, other, delivered=True)
    mine = list(delivered_order.items.filter(seller=seller).order_by("pk"))
    theirs = delivered_order.items.get(seller=other)
    requests = cancellation_request_create(
        order_id=delivered_order.pk,
        lines=[RequestLine(item_id=i.pk, quantity=1, reason_id=return_reason.pk) for i in (mine[0], theirs)],
        requested_by=customer,
    )
    for cancellation in requests:  # the parcels reached their sellers: the returns wait for a decision
        staff = users[SELLER] if cancellation.seller_id == seller.pk else users[OTHER_SELLER]
        return_shipment_mark_received(request_id=cancellation.pk, received_by=staff)
    return World(
        users=users,
        seller=seller,
        waiting_order=waiting_order,
        waiting_item=waiting_order.items.get(seller=seller),
        delivered_order=delivered_order,
        returnable_item=mine[1],
        request=next(r for r in requests if r.seller_id == seller.pk),
        failed_plan=CancellationPlanFactory(
            failed=True,
            refund=True,
            request__order_item__order__customer=customer,
            request__order_item__product__seller=seller,
        ),
        cancel_reason=cancel_reason,
        return_reason=return_reason,
        owner_cancel_reason=owner_cancel_reason,
        owner_return_reason=owner_return_reason,
        seller_reason=seller_reason,
        package=waiting_order.packages.get(seller=seller),
        email=OutboundEmail.objects.order_by("pk").first(),
        attempt=AccessAttempt.objects.create(
            username="someone",
            ip_address="203.0.113.5",
            user_agent="",
            failures_since_start=1,
            get_data="",
            post_data="",
        ),
        sign_in=AccessLog.objects.create(username="someone", ip_address="203.0.113.5", user_agent=""),
        api_key=ApiKeyFactory(user=users[SELLER], name="Warehouse"),
        webhooks={
            "owner": WebhookDeliveryFactory(failed=True, subscription__name="Finance"),
            "seller": WebhookDeliveryFactory(failed=True, subscription__name="ERP", subscription__seller=seller),
        },
    )


class RoleClients:
    """A signed-in test client per role, whose session survives every cell's rollback."""

    def __init__(self, users: dict) -> None:
        self.clients, self.cookies, self.keys = {}, {}, {}
        for role, user in users.items():
            client = Client(raise_request_exception=False)
            if user is not None:
                client.force_login(user)
                # Made by hand for every role, customers too: the API, not the key's maker, must refuse them.
                # Used just now, so that using it writes no last-used time the matrix would count.
                self.keys[role] = api_key_of(ApiKeyFactory(user=user, last_used_at=timezone.now()))
            self.clients[role], self.cookies[role] = client, copy.deepcopy(client.cookies)

    def send(self, role: str, cell: Cell, *, path: str | None = None, data: dict | None = None):
        """Make the cell's request as the role inside a savepoint that is rolled back after.

        Returns the response and the tables it wrote to, when the role may not change rows.
        """
        client = self.clients[role]
        client.cookies = copy.deepcopy(self.cookies[role])
        extra = {}
        if cell.api:
            client.cookies.clear()  # the API knows keys, not sessions
            key = self.keys.get(role)
            extra = {"headers": {"Authorization": f"Token {key}"} if key else {}}
            if cell.method == "post":
                extra["content_type"] = "application/json"
        with transaction.atomic(), CaptureQueriesContext(connection) as queries:
            response = getattr(client, cell.method)(path or cell.path, cell.data if data is None else data, **extra)
            transaction.set_rollback(True)
        return response, set() if role in cell.may else tables_written(queries.captured_queries)


def answer(response, path: str) -> int | str:
    """The status, or LOGIN for a redirect to the login page of the path's site."""
    site = path.split("/")[1]
    login = {"admin": "/admin/login/", "seller": "/seller/login/"}.get(site, "/accounts/login/")
    if response.status_code == 302 and response["Location"].split("?")[0] == login:
        return LOGIN
    return response.status_code
