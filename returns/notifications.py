"""Outbound emails.

Services call `queue()` inside their transaction; the mailer (`services.outbound_emails_send`,
run by `manage.py send_emails`) later renders each queued email with the sender for its kind,
in the recipient's language (their `preferred_language`), not the language of whoever acted.
"""

from collections.abc import Sequence

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from accounts.roles import RETRY_PLANS

from .choices import EmailKind
from .models import CancellationPlan, CancellationRequest, OutboundEmail


def queue(kind: EmailKind, **payload) -> None:
    """Ask for an email; it is written with the caller's transaction and sent after it commits."""
    OutboundEmail.objects.create(kind=kind, payload=payload)


def _send(*, template: str, to: Sequence[str], context: dict, language: str | None) -> None:
    recipients = [address for address in to if address]
    if not recipients:
        return
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"emails/returns/{template}_subject.txt", context).strip()
        body = render_to_string(f"emails/returns/{template}_body.txt", context)
        html = render_to_string(f"emails/returns/{template}_body.html", context)
    message = EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    message.attach_alternative(html, "text/html")
    message.send()


def _requests(request_ids: Sequence[int]) -> list[CancellationRequest]:
    return list(
        CancellationRequest.objects.filter(pk__in=request_ids)
        .select_related("order__customer", "order_item__seller", "reason")
        .order_by("pk")
    )


def request_received(*, request_ids: Sequence[int]) -> None:
    """Tell the customer their requests were received and are under evaluation."""
    requests = _requests(request_ids)
    if requests:
        order = requests[0].order
        _send(
            template="request_received",
            to=[order.customer.email],
            context={"order": order, "requests": requests},
            language=order.customer.preferred_language,
        )


def request_approved(*, request_ids: Sequence[int]) -> None:
    requests = _requests(request_ids)
    if requests:
        order = requests[0].order
        _send(
            template="request_approved",
            to=[order.customer.email],
            context={"order": order, "requests": requests},
            language=order.customer.preferred_language,
        )


def request_rejected(*, request_id: int) -> None:
    for cancellation in _requests([request_id]):
        order = cancellation.order
        _send(
            template="request_rejected",
            to=[order.customer.email],
            context={"order": order, "cancellation": cancellation},
            language=order.customer.preferred_language,
        )


def seller_return_requested(*, request_ids: Sequence[int]) -> None:
    """Tell each seller that return requests for their products arrived."""
    by_seller: dict[int, list[CancellationRequest]] = {}
    for cancellation in _requests(request_ids):
        by_seller.setdefault(cancellation.order_item.seller_id, []).append(cancellation)
    for requests in by_seller.values():
        seller = requests[0].order_item.seller
        _send(
            template="seller_return_requested",
            to=[seller.email],
            context={"seller": seller, "order": requests[0].order, "requests": requests},
            language=_seller_language(seller),
        )


def refund_completed(*, plan_id: int) -> None:
    plan = CancellationPlan.objects.select_related("order__customer").get(pk=plan_id)
    _send(
        template="refund_completed",
        to=[plan.order.customer.email],
        context={"order": plan.order, "plan": plan},
        language=plan.order.customer.preferred_language,
    )


def refund_needs_attention(*, plan_id: int) -> None:
    """Tell the owner's staff who can act on plans that a refund's outcome is unknown."""
    plan = CancellationPlan.objects.select_related("order").get(pk=plan_id)
    staff = get_user_model().objects.with_perm(RETRY_PLANS, is_active=True).filter(is_staff=True)
    by_language: dict[str, list[str]] = {}  # one email per language, each to the staff who read it
    for address, language in staff.exclude(email="").order_by("pk").values_list("email", "preferred_language"):
        by_language.setdefault(language or settings.LANGUAGE_CODE, []).append(address)
    for language, addresses in by_language.items():
        _send(
            template="refund_needs_attention",
            to=addresses,
            context={"order": plan.order, "plan": plan},
            language=language,
        )


def _seller_language(seller) -> str | None:
    """A seller's emails go to the shop's address, in the language its first staff member chose."""
    return (
        seller.users.exclude(preferred_language="").order_by("pk").values_list("preferred_language", flat=True).first()
    )


SENDERS = {
    EmailKind.REQUEST_RECEIVED: request_received,
    EmailKind.REQUEST_APPROVED: request_approved,
    EmailKind.REQUEST_REJECTED: request_rejected,
    EmailKind.SELLER_RETURN_REQUESTED: seller_return_requested,
    EmailKind.REFUND_COMPLETED: refund_completed,
    EmailKind.REFUND_NEEDS_ATTENTION: refund_needs_attention,
}
