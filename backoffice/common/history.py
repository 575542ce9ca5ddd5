"""History as a person would say it: what happened (a label, not a transition's name), to which
object, from which status to which (their labels), who did it, when and why.

Every back-office page with history renders `HistoryEntry` rows through
`admin/includes/history_table.html`: the Order Detail's combined history and the History
section of each object's page (`pages.HistoryInline`).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import SYSTEM_USERNAME, User
from orders.models import Order, OrderItem, Package

# What each transition did, by its name (the same name on every model that has it).
ACTIONS = {
    "refresh_status": gettext_lazy("Status changed"),
    "mark_ready_to_ship": gettext_lazy("Ready to Ship"),
    "ship": gettext_lazy("Shipped"),
    "deliver": gettext_lazy("Delivered"),
    "fail_delivery": gettext_lazy("Delivery Failed"),
    "request_cancellation": gettext_lazy("Cancellation requested"),
    "request_return": gettext_lazy("Return requested"),
    "restore": gettext_lazy("Restored"),
    "cancel": gettext_lazy("Cancelled"),
    "mark_returned": gettext_lazy("Returned"),
    "approve": gettext_lazy("Approved"),
    "reject": gettext_lazy("Rejected"),
    "withdraw": gettext_lazy("Withdrawn"),
    "complete": gettext_lazy("Completed"),
    "expire": gettext_lazy("Expired"),
    "fail": gettext_lazy("Failed"),
    "retry": gettext_lazy("Retried"),
    "flag_for_attention": gettext_lazy("Flagged for attention"),
    "clear_attention": gettext_lazy("Attention cleared"),
    "receive": gettext_lazy("Received by Seller"),
    "mark_lost": gettext_lazy("Lost in Transit"),
    "flag_overdue": gettext_lazy("Flagged as overdue"),
}


@dataclass(frozen=True)
class HistoryEntry:
    timestamp: datetime
    subject: str  # the object's name ("Order A-1001", "Towel Set × 2"); empty on the object's own page
    action: str
    source: str  # status labels
    target: str
    by: str
    note: str


def action_label(transition: str) -> str:
    """The transition's label; a transition added later reads as words until it has one."""
    label = ACTIONS.get(transition)
    return str(label) if label is not None else transition.replace("_", " ").capitalize()


def actor_name(first_name: str, last_name: str, username: str) -> str:
    """Who acted, as pages name people; the system's own user is "System" in the page's language."""
    if not username:
        return _("System")
    if username == SYSTEM_USERNAME:
        return _("System")
    return User.display_name(first_name, last_name, username)


def status_labels(model) -> dict[str, str]:
    """A model's status labels by value, translated once per page."""
    return {str(value): str(label) for value, label in model._meta.get_field("status").flatchoices}


def history_entries(logs: Iterable, *, subjects: Mapping[tuple[int, int], str] | None = None) -> list[HistoryEntry]:
    """Turn StateLog rows into entries.

    Each log needs `by` (or the `by_first`, `by_last`, `by_username` values
    `orders.selectors.order_history_list` annotates). `subjects` names the objects by
    (content type id, object id); without it the entries name none (the page is the object's).
    """
    labels: dict[int, dict[str, str]] = {}
    entries = []
    for log in logs:
        if log.content_type_id not in labels:
            model = ContentType.objects.get_for_id(log.content_type_id).model_class()  # cached per process
            labels[log.content_type_id] = status_labels(model)
        states = labels[log.content_type_id]
        if hasattr(log, "by_username"):
            by = actor_name(log.by_first or "", log.by_last or "", log.by_username or "")
        else:
            user = log.by
            by = actor_name(user.first_name, user.last_name, user.username) if user else _("System")
        entries.append(
            HistoryEntry(
                timestamp=log.timestamp,
                subject=(subjects or {}).get((log.content_type_id, int(log.object_id)), ""),
                action=action_label(log.transition),
                source=states.get(log.source_state or "", log.source_state or ""),
                target=states.get(log.state, log.state),
                by=by,
                note=log.description or "",
            )
        )
    return entries


def order_history_subjects(*, order: Order, items: Iterable[OrderItem]) -> dict[tuple[int, int], str]:
    """Names of what an order's history is about: the order, its lines and its packages.

    From rows the page has already read (items with their seller): no query per log.
    """
    types = ContentType.objects.get_for_models(Order, OrderItem, Package)
    subjects = {(types[Order].pk, order.pk): _("Order %(number)s") % {"number": order.number}}
    package = _("Package from %(seller)s")  # translated once, not per line
    for item in items:
        subjects[(types[OrderItem].pk, item.pk)] = str(item)
        subjects[(types[Package].pk, item.package_id)] = package % {"seller": item.seller.name}
    return subjects
