"""Store form for "Return This Item" (the admins' forms are in `backoffice`)."""

from dataclasses import dataclass, field

from django import forms
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from orders.choices import choice_labels
from orders.models import OrderItem

from .choices import CancellationType
from .models import CancellationReason
from .services import RequestLine


@dataclass
class ItemRow:
    """One line of the Order Details table: the item, and its inputs when it is eligible.

    Inputs are plain names, ids, values and first errors: the template writes the HTML
    directly, because 50 lines of bound fields and widget templates would cost more
    than the rest of the page.
    """

    item: OrderItem
    pk: str = ""  # strings, so the template does not localize numbers on every use
    quantity: str = ""
    status_label: str = ""
    cancellation_type: str | None = None
    problem: str | None = None
    cancellation: object = None
    checkbox_id: str = ""
    checked: bool = False
    values: dict = field(default_factory=dict)
    errors: dict = field(default_factory=dict)
    reason_options: str = ""


class ReturnItemsForm(forms.Form):
    """Tick items, choose a reason for each (and a quantity), accept the policy.

    Checks input shape only; the service re-checks every business rule on locked rows.
    """

    items = forms.MultipleChoiceField(
        label=_("Return This Item"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Select at least one item to cancel or return."),
            "invalid_choice": _(
                "An item you selected can no longer be cancelled or returned; its current status is shown below."
            ),
        },
    )
    accept_policy = forms.BooleanField(
        label=_("I accept that I read and understand the Return Policy"),
        error_messages={"required": _("Please accept the Return Policy to continue.")},
    )

    def __init__(self, *args, eligible: dict[int, str], reasons: list[CancellationReason], items: dict, **kwargs):
        """`eligible` maps item id to its request type ("cancel" before shipment, "refund" after)."""
        super().__init__(*args, **kwargs)
        self.eligible = eligible
        self.order_items = items
        self.reasons_by_type = {
            kind: [r for r in reasons if r.cancellation_type == kind] for kind in CancellationType.values
        }
        self.fields["items"].choices = [(str(pk), items[pk].product_name) for pk in eligible]
        if self.is_bound:  # per-item fields validate a submission; `rows()` renders the page without them
            for pk, kind in eligible.items():
                self._add_item_fields(pk, kind)

    def _add_item_fields(self, pk: int, kind: str) -> None:
        item = self.order_items[pk]
        choices = [("", _("Choose a reason"))] + [(str(r.pk), r.subject) for r in self.reasons_by_type[kind]]
        self.fields[f"reason_{pk}"] = forms.TypedChoiceField(
            label=_("Reason for %(product)s") % {"product": item.product_name},
            choices=choices,
            coerce=int,
            required=False,
            error_messages={"invalid_choice": _("Choose one of the listed reasons.")},
        )
        if item.quantity > 1:
            self.fields[f"quantity_{pk}"] = forms.IntegerField(
                label=_("Quantity of %(product)s") % {"product": item.product_name},
                min_value=1,
                max_value=item.quantity,
                initial=item.quantity,
                required=False,
            )
        # The type the page was rendered with: a change since (the seller shipped) is reported clearly.
        self.fields[f"kind_{pk}"] = forms.CharField(initial=kind, required=False, widget=forms.HiddenInput)
        self.fields[f"description_{pk}"] = forms.CharField(
            label=_("Description for %(product)s") % {"product": item.product_name},
            required=False,
            max_length=1000,
            widget=forms.TextInput,
        )

    def clean(self):
        cleaned = super().clean()
        for pk in [int(value) for value in cleaned.get("items", [])]:
            reason_id = cleaned.get(f"reason_{pk}")
            if cleaned.get(f"kind_{pk}") and cleaned[f"kind_{pk}"] != self.eligible[pk]:
                self.add_error(None, self._changed_message(pk))
                continue
            if f"reason_{pk}" in self.errors:
                continue
            if not reason_id:
                self.add_error(f"reason_{pk}", _("Choose a reason for this item."))
                continue
            reason = next(r for r in self.reasons_by_type[self.eligible[pk]] if r.pk == reason_id)
            if reason.extra_information_needed and not cleaned.get(f"description_{pk}", "").strip():
                self.add_error(f"description_{pk}", _("This reason needs a short description."))
        return cleaned

    def _changed_message(self, pk: int) -> str:
        item = self.order_items[pk]
        return _(
            "%(product)s is now %(status)s and can no longer be cancelled; you can return it instead. Please review it."
        ) % {"product": item.product_name, "status": item.get_status_display()}

    def lines(self) -> list[RequestLine]:
        lines = []
        for pk in [int(value) for value in self.cleaned_data["items"]]:
            quantity = self.cleaned_data.get(f"quantity_{pk}") or self.order_items[pk].quantity
            lines.append(
                RequestLine(
                    item_id=pk,
                    quantity=quantity,
                    reason_id=self.cleaned_data[f"reason_{pk}"],
                    description=self.cleaned_data.get(f"description_{pk}", ""),
                )
            )
        return lines

    def rows(self, *, problems: dict[int, str], requests_by_item: dict) -> list[ItemRow]:
        """Rows for the template, in item order, with input values and errors when eligible."""
        statuses = choice_labels(OrderItem, "status")
        selected = set(self["items"].value() or ()) if self.is_bound else set()
        errors = self.errors if self.is_bound else {}
        options = {kind: self._reason_options(kind, "") for kind in set(self.eligible.values())}
        checkbox_ids = {pk: f"id_items_{index}" for index, pk in enumerate(self.eligible)}
        rows = []
        for pk, item in self.order_items.items():
            row = ItemRow(
                item=item,
                pk=str(pk),
                quantity=str(item.quantity),
                status_label=statuses.get(item.status, item.status),
                problem=problems.get(pk),
                cancellation=requests_by_item.get(pk),
            )
            if pk in self.eligible:
                kind = self.eligible[pk]
                names = ["reason", "description", "kind"] + (["quantity"] if item.quantity > 1 else [])
                row.cancellation_type = kind
                row.checkbox_id = checkbox_ids[pk]
                row.checked = str(pk) in selected
                initial = {"kind": kind, "quantity": str(item.quantity)}
                row.values = {name: self._value(f"{name}_{pk}", initial.get(name, "")) for name in names}
                row.errors = {name: errors[f"{name}_{pk}"][0] for name in names if f"{name}_{pk}" in errors}
                reason = row.values["reason"]
                row.reason_options = self._reason_options(kind, reason) if reason else options[kind]
            rows.append(row)
        return rows

    def _value(self, name: str, initial: str) -> str:
        """What the input shows: the submitted text, or its initial value."""
        return self.data.get(name, "") if self.is_bound else initial

    def _reason_options(self, kind: str, selected: str) -> str:
        choices = [("", _("Choose a reason"))] + [(str(r.pk), r.subject) for r in self.reasons_by_type[kind]]
        return format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((value, " selected" if value == selected else "", label) for value, label in choices),
        )
