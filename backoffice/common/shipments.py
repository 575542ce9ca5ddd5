"""A return's parcel on a request's page: its shipment and timeline, Mark as Received, and
(Omnitron) Mark as Lost; the requests list's shipment column and filter.

Each move is a custom admin view with a confirmation page, like Approve and Reject; it
calls one service and records the step in admin history.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.urls import path
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from orders.choices import choice_label
from returns.choices import ReturnShipmentStatus
from returns.exceptions import ReturnsError
from returns.selectors import SHIPMENT_FILTER_STATUSES, return_shipment_timeline
from returns.services import return_shipment_mark_lost, return_shipment_mark_received

from .pages import admin_render


class ShipmentNoteForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )

    def __init__(self, *args, note_required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if note_required:
            self.fields["note"].required = True
            self.fields["note"].label = gettext_lazy("Reason (required, kept in the history)")
            self.fields["note"].error_messages["required"] = gettext_lazy("Say why.")


@dataclass(frozen=True)
class ShipmentMove:
    """One button of the shipment: its page's words and the service it calls with (request id, user, note)."""

    title: Promise
    verb: Promise
    service: Callable
    allowed: Callable  # (shipment) -> whether the parcel allows the move now


def _receive(*, request_id: int, user, note: str):
    return return_shipment_mark_received(request_id=request_id, received_by=user, note=note)


def _lose(*, request_id: int, user, note: str):
    return return_shipment_mark_lost(request_id=request_id, marked_by=user, note=note)


SHIPMENT_MOVES = {
    "receive": ShipmentMove(
        gettext_lazy("Mark as Received"),
        gettext_lazy("Marked as received"),
        _receive,
        lambda shipment: shipment.can_mark_received,
    ),
    "lost": ShipmentMove(
        gettext_lazy("Mark as Lost"),
        gettext_lazy("Marked as lost"),
        _lose,
        lambda shipment: shipment.status == ReturnShipmentStatus.IN_TRANSIT,
    ),
}


class ShipmentStatusFilter(admin.SimpleListFilter):
    """Requests by where their parcel is (SPEC section 5: Awaiting Shipment, In Transit, Received by Seller)."""

    title = gettext_lazy("return shipment")
    parameter_name = "shipment"
    statuses: tuple[ReturnShipmentStatus, ...] = SHIPMENT_FILTER_STATUSES

    def lookups(self, request, model_admin):
        return [(status.value, status.label) for status in self.statuses]

    def queryset(self, request, queryset):
        if self.value() in {status.value for status in self.statuses}:
            return queryset.filter(return_shipment__status=self.value())
        return queryset


class ReturnShipmentAdminMixin:
    """Adds the shipment to a request's page and `<pk>/<move>/` views for the moves the site allows."""

    shipment_moves: tuple[str, ...] = ("receive",)

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            *(
                path(
                    f"<path:object_id>/{move}/",
                    self.admin_site.admin_view(self._move_view(move)),
                    name=f"{prefix}_{move}",
                )
                for move in self.shipment_moves
            ),
            *super().get_urls(),
        ]

    def has_shipment_permission(self, request, move: str) -> bool:
        """Whether the user may make this move at all; nobody, unless the site says who."""
        return False

    @admin.display(description=gettext_lazy("return shipment"), ordering="return_shipment__status")
    def shipment_status(self, obj):
        """The parcel's status, which the list reads as a column of the row (`shipment_status_shown`)."""
        status = None if obj.is_cancel else obj.shipment_status_shown
        return choice_label(ReturnShipmentStatus, status) if status else "—"

    def _move_view(self, move: str):
        def view(request, object_id):
            return self.shipment_move_view(request, object_id, move)

        return view

    def shipment_move_view(self, request, object_id, move: str):
        cancellation = self.get_object_or_404(request, object_id)
        shipment = cancellation.shipment
        if shipment is None:
            raise Http404
        if not self.has_shipment_permission(request, move):
            raise PermissionDenied
        spec = SHIPMENT_MOVES[move]
        form = ShipmentNoteForm(request.POST or None, note_required=request.user.is_staff)
        if request.method == "POST" and form.is_valid():
            try:
                spec.service(request_id=cancellation.pk, user=request.user, note=form.cleaned_data["note"])
            except ReturnsError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                self.log_change(request, cancellation, f"{spec.verb}: {shipment.return_code}")
                self.message_user(
                    request,
                    _("Return %(code)s: %(verb)s.") % {"code": shipment.return_code, "verb": spec.verb},
                )
                return HttpResponseRedirect(self._change_url(cancellation))
        context = {
            "title": f"{spec.title}: {shipment.return_code}",
            "original": cancellation,
            "form": form,
            "submit_label": spec.title,
            "change_url": self._change_url(cancellation),
        }
        templates = [
            "admin/returns/cancellationrequest/decision_confirmation.html",
            "admin/returns/decision_confirmation.html",
        ]
        return admin_render(self, request, templates, context)

    def shipment_context(self, request, obj) -> dict:
        """What the request's page shows of its parcel: the shipment, its timeline and the moves allowed now."""
        shipment = obj.shipment if obj is not None else None
        if shipment is None:
            return {"shipment": None}
        moves = [
            (move, SHIPMENT_MOVES[move].title)
            for move in self.shipment_moves
            if SHIPMENT_MOVES[move].allowed(shipment) and self.has_shipment_permission(request, move)
        ]
        return {
            "shipment": shipment,
            "shipment_timeline": return_shipment_timeline(shipment=shipment),
            "shipment_moves": moves,
        }
