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

from accounts.roles import RECEIVE_RETURNS, RETRY_PLANS

from . import carriers, links
from .choices import EmailKind, RefundLineStatus, RequestOrigin
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
        .select_related("order__customer", "order_item__seller", "reason", "return_shipment")
        .order_by("pk")
    )


def _owner_staff_by_language(permission: str) -> dict[str, list[str]]:
    """The addresses of active owner staff holding `permission`, by the language each reads."""
    staff = get_user_model().objects.with_perm(permission, is_active=True).filter(is_staff=True)
    by_language: dict[str, list[str]] = {}  # one email per language, each to the staff who read it
    for address, language in staff.exclude(email="").order_by("pk").values_list("email", "preferred_language"):
        by_language.setdefault(language or settings.LANGUAGE_CODE, []).append(address)
    return by_language


def request_received(*, request_ids: Sequence[int]) -> None:
    """Tell the customer what was opened, in words that fit who acted.

    Their own requests were received and are under evaluation; a cancellation or return
    the owner opened is announced as the marketplace's. A seller's cancellation is told
    once, when it is approved (at once): no "received" email for it.
    """
    requests = [r for r in _requests(request_ids) if r.origin != RequestOrigin.SELLER]
    if requests:
        _tell_customer("request_received", requests)


def request_approved(*, request_ids: Sequence[int]) -> None:
    """Tell the customer the refund is coming: their request approved, or the seller's or owner's cancellation."""
    requests = _requests(request_ids)
    if requests:
        _tell_customer("request_approved", requests)


def _tell_customer(template: str, requests: list[CancellationRequest]) -> None:
    """One email of `template` about requests one actor opened together (`origin` in the context)."""
    order = requests[0].order
    _send(
        template=template,
        to=[order.customer.email],
        context={"order": order, "requests": requests, "origin": requests[0].origin},
        language=order.customer.preferred_language,
    )


def request_rejected(*, request_id: int) -> None:
    _about_one_request("request_rejected", request_id)


def request_withdrawn(*, request_id: int) -> None:
    """Confirm to the customer that the request they took back is closed."""
    _about_one_request("request_withdrawn", request_id)


def _about_one_request(template: str, request_id: int) -> None:
    for cancellation in _requests([request_id]):
        order = cancellation.order
        _send(
            template=template,
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
    for language, addresses in _owner_staff_by_language(RETRY_PLANS).items():
        _send(
            template="refund_needs_attention",
            to=addresses,
            context={"order": plan.order, "plan": plan},
            language=language,
        )


def refund_failed(*, plan_id: int) -> None:
    """A plan's refund failed after its retries: the customer hears it is delayed (no gateway words)."""
    plan = CancellationPlan.objects.select_related("order__customer").get(pk=plan_id)
    order = plan.order
    context = {"order": order, "plan": plan}
    _send(
        template="refund_failed", to=[order.customer.email], context=context, language=order.customer.preferred_language
    )


def refund_failed_staff(*, plan_id: int) -> None:
    """A plan's refund failed after its retries: the owner's staff who retry plans hear why."""
    plan = CancellationPlan.objects.select_related("order").get(pk=plan_id)
    context = {"order": plan.order, "plan": plan}
    error = plan.refund_lines.filter(status=RefundLineStatus.FAILED).values_list("last_error", flat=True).first()
    for language, addresses in _owner_staff_by_language(RETRY_PLANS).items():
        _send(template="refund_failed_staff", to=addresses, context={**context, "error": error}, language=language)


def _seller_language(seller) -> str | None:
    """A seller's emails go to the shop's address, in the language its first staff member chose."""
    return (
        seller.users.exclude(preferred_language="").order_by("pk").values_list("preferred_language", flat=True).first()
    )


# Return shipments -------------------------------------------------------------------------------


def _return_context(cancellation: CancellationRequest) -> dict:
    """What every return shipment email shows: the return, its parcel, the carrier and the links."""
    order, shipment = cancellation.order, cancellation.shipment
    return {
        "order": order,
        "cancellation": cancellation,
        "shipment": shipment,
        "seller": cancellation.order_item.seller,
        "carrier_name": str(carriers.get(shipment.carrier)) if shipment else "",
        "label_url": links.return_label_url(number=order.number, request_id=cancellation.pk),
        "order_url": links.order_detail_url(number=order.number),
    }


def return_instructions(*, request_ids: Sequence[int]) -> None:
    """Tell the customer how to send their returns back: code, carrier, ship-by date, label, address."""
    requests = [r for r in _requests(request_ids) if r.shipment]
    if requests:
        order = requests[0].order
        _send(
            template="return_instructions",
            to=[order.customer.email],
            context={"order": order, "returns": [_return_context(r) for r in requests]},
            language=order.customer.preferred_language,
        )


def _to_customer(template: str, request_id: int) -> None:
    for cancellation in _requests([request_id]):
        customer = cancellation.order.customer
        context = _return_context(cancellation)
        _send(template=template, to=[customer.email], context=context, language=customer.preferred_language)


def _to_seller(template: str, request_id: int) -> None:
    for cancellation in _requests([request_id]):
        seller = cancellation.order_item.seller
        context = _return_context(cancellation)
        _send(template=template, to=[seller.email], context=context, language=_seller_language(seller))


def _to_owner_staff(template: str, request_id: int) -> None:
    for cancellation in _requests([request_id]):
        context = _return_context(cancellation)
        for language, addresses in _owner_staff_by_language(RECEIVE_RETURNS).items():
            _send(template=template, to=addresses, context=context, language=language)


def return_received(*, request_id: int) -> None:
    """Your parcel reached the seller (customer)."""
    _to_customer("return_received", request_id)


def return_expired(*, request_id: int) -> None:
    """Your return expired: the parcel was not shipped by its date (customer)."""
    _to_customer("return_expired", request_id)


def seller_return_in_transit(*, request_id: int) -> None:
    """A returned parcel is on its way (seller)."""
    _to_seller("seller_return_in_transit", request_id)


def seller_return_received(*, request_id: int) -> None:
    """A returned parcel was delivered to you: please inspect it and decide (seller)."""
    _to_seller("seller_return_received", request_id)


def seller_request_withdrawn(*, request_id: int) -> None:
    """The customer took back a return the seller was to decide (seller)."""
    _to_seller("seller_request_withdrawn", request_id)


def return_transit_overdue(*, request_id: int) -> None:
    """A returned parcel has been in transit too long (owner staff who act on return shipments)."""
    _to_owner_staff("return_transit_overdue", request_id)


def return_lost(*, request_id: int) -> None:
    """The carrier reported a returned parcel lost: decide whether to refund (owner staff)."""
    _to_owner_staff("return_lost", request_id)


SENDERS = {
    EmailKind.REQUEST_RECEIVED: request_received,
    EmailKind.REQUEST_APPROVED: request_approved,
    EmailKind.REQUEST_REJECTED: request_rejected,
    EmailKind.REQUEST_WITHDRAWN: request_withdrawn,
    EmailKind.SELLER_RETURN_REQUESTED: seller_return_requested,
    EmailKind.REFUND_COMPLETED: refund_completed,
    EmailKind.REFUND_NEEDS_ATTENTION: refund_needs_attention,
    EmailKind.REFUND_FAILED: refund_failed,
    EmailKind.REFUND_FAILED_STAFF: refund_failed_staff,
    EmailKind.SELLER_REQUEST_WITHDRAWN: seller_request_withdrawn,
    EmailKind.RETURN_INSTRUCTIONS: return_instructions,
    EmailKind.RETURN_RECEIVED: return_received,
    EmailKind.RETURN_EXPIRED: return_expired,
    EmailKind.SELLER_RETURN_IN_TRANSIT: seller_return_in_transit,
    EmailKind.SELLER_RETURN_RECEIVED: seller_return_received,
    EmailKind.RETURN_TRANSIT_OVERDUE: return_transit_overdue,
    EmailKind.RETURN_LOST: return_lost,
}
