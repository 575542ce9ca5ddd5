"""The store's "Return This Item" form."""

from functools import cached_property
from typing import TypedDict

from django import forms
from django.forms.boundfield import BoundField, BoundWidget
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from orders.models import OrderItem
from returns.choices import CancellationType
from returns.models import CancellationReason
from returns.quotes import QuoteChoice
from returns.services import RequestLine


class LineInput(TypedDict):
    """One input of a line as its row writes it: plain values read once from its bound field.

    A dict, as every value the row template reads per line: the template engine looks a key up
    in a dict directly, and an attribute only after the dict lookup failed.
    """

    name: str
    id: str
    label: str
    value: str  # "" when the field has none
    error: str  # the field's first error, or "" (asked only when one of the line's fields has one)
    min: str  # the limits the field gave its widget (min, max, maxlength), or ""
    max: str
    maxlength: str


def line_input(field: BoundField, *, errors: bool) -> LineInput:
    value = field.value()
    limits = field.field.widget.attrs
    return LineInput(
        name=field.html_name,
        id=field.auto_id,
        label=str(field.label),
        value="" if value is None else str(value),
        error=str(field.errors[0]) if errors and field.errors else "",
        min=str(limits.get("min", "")),
        max=str(limits.get("max", "")),
        maxlength=str(limits.get("maxlength", "")),
    )


class LineFields(TypedDict):
    """The inputs of one eligible line of Order Details, for its row template."""

    checkbox_id: str  # Return This Item (named as the `items` field, its value the item's id)
    checked: bool
    kind: LineInput  # hidden: the request type the page was shown with
    reason: LineInput  # its value is the chosen reason's id, or ""
    description: LineInput
    quantity: LineInput | None  # only for lines of more than one
    reason_choices: list[tuple[str, str]]  # the kind's, shared by its lines
    is_cancellation: bool


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

    def __init__(self, *args, eligible: dict[int, str], reasons: list[CancellationReason], items, **kwargs):
        """`eligible` maps the id of each item that may take a request now to its type (a `CancellationType`)."""
        super().__init__(*args, **kwargs)
        self.eligible = eligible
        self.order_items = {item.pk: item for item in items}
        self.reasons_by_type = {
            kind: [r for r in reasons if r.cancellation_type == kind] for kind in CancellationType.values
        }
        # Each kind's choices, translated once for all the lines of the form; none for a kind that
        # no line takes (the page writes each kind's options once, and not those of an unused kind).
        choose, used = gettext("Choose a reason"), set(eligible.values())
        self.reason_choices = {
            kind: [("", choose)] + [(str(r.pk), r.display_subject) for r in kind_reasons] if kind in used else []
            for kind, kind_reasons in self.reasons_by_type.items()
        }
        # Each kind's reason fields share a callable of its choices (a documented form of `choices`):
        # Django reads and normalizes it only when a field's choices are read, in validation,
        # instead of once per line when the fields are built for a page that writes its own options.
        self._choices_of = {kind: (lambda listed=listed: listed) for kind, listed in self.reason_choices.items()}
        self.fields["items"].choices = [(str(pk), self.order_items[pk].product_name) for pk in eligible]
        # The form lives for one request, in its language: each line's labels are these, translated once.
        self._labels = {
            "reason": gettext("Reason for %(product)s"),
            "quantity": gettext("Quantity of %(product)s"),
            "description": gettext("Description for %(product)s"),
        }
        for pk, kind in eligible.items():
            self._add_item_fields(self.order_items[pk], kind)

    @property
    def has_choices(self) -> bool:
        """Whether any item may be cancelled or returned (the policy and the button are shown)."""
        return bool(self.eligible)

    def _add_item_fields(self, item: OrderItem, kind: str) -> None:
        pk, product = item.pk, {"product": item.product_name}
        self.fields[f"reason_{pk}"] = forms.TypedChoiceField(
            label=self._labels["reason"] % product,
            choices=self._choices_of[kind],
            coerce=int,
            required=False,
            error_messages={"invalid_choice": _("Choose one of the listed reasons.")},
        )
        if item.quantity > 1:
            self.fields[f"quantity_{pk}"] = forms.IntegerField(
                label=self._labels["quantity"] % product,
                min_value=1,
                max_value=item.quantity,
                initial=item.quantity,
                required=False,
            )
        # The type the page was rendered with: a change since (the seller shipped) is reported clearly.
        self.fields[f"kind_{pk}"] = forms.CharField(initial=kind, required=False, widget=forms.HiddenInput)
        self.fields[f"description_{pk}"] = forms.CharField(
            label=self._labels["description"] % product, required=False, max_length=1000
        )

    def line_fields(self, pk: int) -> LineFields | None:
        """The inputs of an eligible item as plain values, or None for an item that may take no request."""
        if pk not in self.eligible:
            return None
        errors = self.is_bound and any(f"{name}_{pk}" in self.errors for name in ("reason", "quantity", "description"))
        checkbox = self._checkboxes[str(pk)]
        return LineFields(
            checkbox_id=checkbox.id_for_label,
            checked=checkbox.data["selected"],
            kind=line_input(self[f"kind_{pk}"], errors=False),
            reason=line_input(self[f"reason_{pk}"], errors=errors),
            description=line_input(self[f"description_{pk}"], errors=errors),
            quantity=line_input(self[f"quantity_{pk}"], errors=errors) if f"quantity_{pk}" in self.fields else None,
            reason_choices=self.reason_choices[self.eligible[pk]],
            is_cancellation=self.eligible[pk] == CancellationType.CANCEL,
        )

    @cached_property
    def _checkboxes(self) -> dict[str, BoundWidget]:
        return {checkbox.data["value"]: checkbox for checkbox in self["items"].subwidgets}

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


class ShippedForm(forms.Form):
    """I Have Shipped It: the carrier's tracking number, if the customer has one."""

    tracking_number = forms.CharField(
        label=_("Tracking number (optional)"),
        required=False,
        max_length=100,
        error_messages={"max_length": _("Enter a tracking number of at most 100 characters.")},
    )


class RefundPreviewForm(ReturnItemsForm):
    """The Return This Item fields as the Refund preview reads them while the customer fills them in.

    Nothing ticked, no reason yet and the policy unticked are all fine (the preview just
    shows less); an unknown item, reason or quantity is an error.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].required = False
        self.fields["accept_policy"].required = False

    def clean(self):
        return forms.Form.clean(self)  # the request's own checks wait for Return Selected Items

    def quote_choices(self) -> list[QuoteChoice]:
        """The ticked items as the quote takes them: quantity, type, whether the reason is the seller's fault."""
        choices = []
        for pk in [int(value) for value in self.cleaned_data["items"]]:
            kind, reason_id = self.eligible[pk], self.cleaned_data.get(f"reason_{pk}")
            reason = next((r for r in self.reasons_by_type[kind] if r.pk == reason_id), None)
            choices.append(
                QuoteChoice(
                    item=self.order_items[pk],
                    quantity=self.cleaned_data.get(f"quantity_{pk}") or self.order_items[pk].quantity,
                    cancellation_type=kind,
                    seller_fault=bool(reason and reason.is_seller_fault),
                )
            )
        return choices
