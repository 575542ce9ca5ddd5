"""Every page in Turkish shows none of its English labels: a string left unmarked shows up here.

Each page lists English labels it shows (checked in English too, so the lists stay true). Add the
labels of a new page or section here when you add it.
"""

from decimal import Decimal
from html import unescape
from html.parser import HTMLParser

import pytest

from tests.factories import (
    CancellationPlanFactory,
    CancellationReasonFactory,
    CancellationRequestFactory,
    OrderFactory,
    ProductFactory,
)
from tests.languages.test_catalogue import CATALOGUE, _entries

pytestmark = pytest.mark.django_db

LOGIN = ["Log in", "Username", "Password"]
STORE = ["My Orders", "Log out", "Skip to content", "Marketplace"]
ORDER_DETAILS = [
    *STORE,
    "Order Details",
    "Items",
    "Return This Item",
    "Seller",
    "Quantity",
    "Amount",
    "Status",
    "Reason",
    "Choose a reason",
    "Description",
    "when the reason asks for it",
    "I accept that I read and understand the",
    "Return Policy",
    "Return Selected Items",
    "Refund preview",
    "Tick Return This Item to see what you get back.",
    "Payment",
    "Subtotal",
    "Discount",
    "Shipping",
    "Total paid",
    "Refunded",
    "Credit Card",
    "Cancellation and return requests",
    "Details",
    "Withdraw Request",
    "Delivered",
    "Waiting",
    "Does not fit",
    "TRY",
]
OMNITRON = ["Welcome", "Log out"]
OMNITRON_SIDEBAR = ["Cancellation/Return Requests", "Cancellation Plans", "Cancellation Reasons", "Orders", "Sellers"]

PAGES = {
    "store login": (None, "/accounts/login/", LOGIN),
    "My Orders": ("customer", "/orders/", [*STORE, "Order", "Date", "Total", "Request open", "Waiting Packaging"]),
    "Order Details": ("customer", "/orders/{delivered.number}/", ORDER_DETAILS),
    "Return Policy": (
        "customer",
        "/return-policy/",
        [*STORE, "Return Policy", "Cancelling before shipment", "Returning after shipment", "Refunds"],
    ),
    "Omnitron login": (None, "/admin/login/", ["Username", "Password", "Log in"]),
    "Omnitron index": ("owner", "/admin/", [*OMNITRON, *OMNITRON_SIDEBAR, "Marketplace back office"]),
    "Omnitron Orders": (
        "owner",
        "/admin/orders/order/",
        [*OMNITRON, "Home", "Filter", "Number", "Customer", "Status", "Total", "Open request", "Waiting Packaging"],
    ),
    "Omnitron Order Detail": (
        "owner",
        "/admin/orders/order/{delivered.pk}/change/",
        [
            *OMNITRON,
            "Order Detail",
            "Product Information",
            "Customer Information",
            "Order Information",
            "Payment Information",
            "Cancellation Plans",
            "Cancel/Return Selected Items",
            "Transaction",
            "Apply",
            "Unit price",
            "Discount share",
            "Subtotal",
            "Captured",
            "Refunded so far",
            "History",
            "Delivered",
        ],
    ),
    "Omnitron requests": (
        "owner",
        "/admin/returns/cancellationrequest/",
        [*OMNITRON, "Cancellation/Return Requests", "Filter", "Waiting", "Return"],
    ),
    "Omnitron request": (
        "owner",
        "/admin/returns/cancellationrequest/{cancellation.pk}/change/",
        [*OMNITRON, "History", "Return code"],
    ),
    "Omnitron plans": ("owner", "/admin/returns/cancellationplan/", [*OMNITRON, "Cancellation Plans", "Filter"]),
    "Omnitron plan": ("owner", "/admin/returns/cancellationplan/{plan.pk}/change/", [*OMNITRON, "Refund lines"]),
    "Omnitron reasons": (
        "owner",
        "/admin/returns/cancellationreason/",
        [*OMNITRON, "Cancellation Reasons", "Deactivate selected reasons", "Subject", "Subject in Turkish"],
    ),
    "Omnitron new reason": (
        "owner",
        "/admin/returns/cancellationreason/add/",
        [*OMNITRON, "Save", "Subject", "Extra information needed"],
    ),
    "Seller Center login": (None, "/seller/login/", ["Seller Center", "Username", "Password", "Log in"]),
    "Seller Center index": ("seller", "/seller/", ["Seller Center", "Your packages and requests", "Log out"]),
    "Seller Center packages": ("seller", "/seller/orders/package/", ["Seller Center", "Filter", "Delivered"]),
    "Seller Center package": (
        "seller",
        "/seller/orders/package/{package.pk}/change/",
        ["Seller Center", "Delivered", "Created at", "Shipped at", "Tracking number", "Order items", "Return Waiting"],
    ),
    "Seller Center requests": (
        "seller",
        "/seller/returns/cancellationrequest/",
        ["Seller Center", "Cancellation/Return Requests", "Confirm selected requests", "Waiting"],
    ),
    "Seller Center request": (
        "seller",
        "/seller/returns/cancellationrequest/{cancellation.pk}/change/",
        ["Seller Center", "Confirm", "Reject", "Does not fit", "Return code"],
    ),
}


class _Text(HTMLParser):
    """What a person reads or hears on a page: its text, button values, labels for screen readers."""

    def __init__(self):
        super().__init__()
        self.parts, self.hidden = [], 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in ("script", "style"):
            self.hidden += 1
        for name in ("aria-label", "title", "placeholder", "alt"):
            if attributes.get(name):
                self.parts.append(attributes[name])
        if tag == "input" and attributes.get("type") in ("submit", "button") and attributes.get("value"):
            self.parts.append(attributes["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def _read(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(unescape(" ".join(parser.parts)).split())


def _shows(text: str, label: str) -> bool:
    """Whether the label stands in the text as words of its own (not inside a longer word)."""
    start = text.find(label)
    while start != -1:
        before = text[start - 1] if start else " "
        after = text[start + len(label)] if start + len(label) < len(text) else " "
        if not before.isalnum() and not after.isalnum():
            return True
        start = text.find(label, start + 1)
    return False


@pytest.fixture
def world(customer, seller, owner):
    """One of everything the pages show: a waiting order, a delivered order with a waiting return,
    and an approved return plan."""
    CancellationReasonFactory(subject="I changed my mind", subject_tr="Vazgeçtim")
    reason = CancellationReasonFactory(refund=True, subject="Does not fit", subject_tr="Ürün olmadı")
    OrderFactory(customer=customer, with_items__seller=seller)
    product = ProductFactory(seller=seller, name="Pamuklu Havlu", price=Decimal("1079.00"))
    delivered = OrderFactory(
        customer=customer,
        with_items=[(product, 1), (ProductFactory(seller=seller), 2)],
        delivered=True,
        discount_total=Decimal("10.00"),
    )
    cancellation = CancellationRequestFactory(
        refund=True, reason=reason, order_item=delivered.items.get(product_name="Pamuklu Havlu")
    )
    plan = CancellationPlanFactory(
        refund=True,
        approved=True,
        request__reason=reason,
        request__order_item__order__customer=customer,
        request__order_item__product__seller=seller,
    )
    return {"delivered": delivered, "cancellation": cancellation, "plan": plan, "package": delivered.packages.get()}


def _client(client, who, users, language):
    if who:
        client.force_login(users[who])
    client.post("/i18n/setlang/", {"language": language})
    return client


@pytest.mark.parametrize("name", PAGES)
def test_a_page_in_turkish_shows_none_of_its_english_labels(name, world, client, customer, owner, seller_user):
    who, url, labels = PAGES[name]
    url = url.format(**world)
    users = {"customer": customer, "owner": owner, "seller": seller_user}

    english = _read(_client(client, who, users, "en").get(url).content.decode())
    turkish_response = _client(client, who, users, "tr").get(url)
    turkish = _read(turkish_response.content.decode())

    assert turkish_response.status_code == 200
    assert [label for label in labels if not _shows(english, label)] == [], "the list names labels the page lacks"
    assert [label for label in labels if _shows(turkish, label)] == []


def _dotless_capitals() -> list[str]:
    """Each Turkish text of the catalogue that starts with a dotted i, as `capfirst` would write it:
    Python capitalises i to the dotless I ("Iade"), where Turkish writes İ ("İade")."""
    return [
        text["msgstr"].replace("i", "I", 1)
        for text in _entries(CATALOGUE / "django.po").values()
        if text.get("msgstr", "").startswith("i")
    ]


@pytest.mark.parametrize("name", PAGES)
def test_a_page_in_turkish_writes_a_capital_i_with_its_dot(name, world, client, customer, owner, seller_user):
    who, url, _labels = PAGES[name]
    users = {"customer": customer, "owner": owner, "seller": seller_user}

    turkish = _read(_client(client, who, users, "tr").get(url.format(**world)).content.decode())

    assert [text for text in _dotless_capitals() if _shows(turkish, text)] == []


def test_a_label_inside_a_longer_word_is_not_taken_for_the_label():
    assert not _shows("Ordered items", "Order")
    assert _shows("Order 123 · Items", "Order")
    assert _read('<p>Fit <b>me</b></p><script>var Log = "Log in";</script><input type="submit" value="Go">') == (
        "Fit me Go"
    )
