"""Omnitron's admin forms."""

from django import forms
from django.forms.boundfield import BoundField, BoundWidget
from django.utils.translation import gettext_lazy as _

from orders.models import OrderItem
from returns.choices import CancellationType, ReasonAudience
from returns.selectors import cancellation_reason_list_for, cancellation_reason_queryset_for

# A reason of the other type is refused in words that say which type is needed.
WRONG_TYPE = {
    CancellationType.CANCEL: _(
        "“%(reason)s” is a reason for a return; for a cancellation choose a cancellation reason."
    ),
    CancellationType.REFUND: _("“%(reason)s” is a reason for a cancellation; for a return choose a return reason."),
}
REASON_NEEDED = {
    CancellationType.CANCEL: _("Choose a cancellation reason for the items nobody asked to cancel."),
    CancellationType.REFUND: _("Choose a return reason."),
}
REASON_GROUPS = {CancellationType.CANCEL: _("Cancellation reasons"), CancellationType.REFUND: _("Return reasons")}


class ReasonSelect(forms.Select):
    """The reason select, grouped by type; each option says its type (`data-transaction`) so the
    page's script can offer only the chosen Transaction's reasons."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.option_types: dict[str, str] = {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if str(value) in self.option_types:
            option["attrs"]["data-transaction"] = self.option_types[str(value)]
        return option


class OrderItemsActionForm(forms.Form):
    """Omnitron's products section: selected items, Cancel/Return Selected Items, Transaction, reason."""

    ACTION = "cancel_return_selected"

    item_ids = forms.MultipleChoiceField(
        label=_("Items"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Select at least one item."),
            "invalid_choice": _("An item you selected is not part of this order."),
        },
    )
    action = forms.ChoiceField(label=_("Action"), choices=[(ACTION, _("Cancel/Return Selected Items"))])
    transaction = forms.ChoiceField(label=_("Transaction"), choices=CancellationType.choices)
    reason = forms.ModelChoiceField(
        label=_("Reason"),
        queryset=cancellation_reason_queryset_for(audience=ReasonAudience.OWNER),
        required=False,
        widget=ReasonSelect,
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=1000)

    def __init__(self, *args, order_items, transactions=CancellationType.values, taking_over=(), **kwargs):
        """`transactions` are the ones the user may apply (Cancel, Return); `taking_over`, the items
        whose customer's cancellation waits for the owner (a Cancel of only these needs no reason)."""
        super().__init__(*args, **kwargs)
        self.order_items = {item.pk: item for item in order_items}
        self.taking_over = set(taking_over)
        self.fields["transaction"].choices = [c for c in CancellationType.choices if c[0] in transactions]
        self.fields["item_ids"].choices = [(str(pk), item.product_name) for pk, item in self.order_items.items()]
        # The select lists the owner's cached active reasons by type; a submitted one is still looked up fresh.
        reason = self.fields["reason"]
        groups = [
            (REASON_GROUPS[kind], cancellation_reason_list_for(audience=ReasonAudience.OWNER, cancellation_type=kind))
            for kind in CancellationType.values
            if kind in transactions
        ]
        reason.widget.choices = [("", reason.empty_label)] + [
            (label, [(r.pk, r.display_subject) for r in reasons]) for label, reasons in groups if reasons
        ]
        reason.widget.option_types = {str(r.pk): r.cancellation_type for _label, reasons in groups for r in reasons}
        for pk, item in self.order_items.items():  # part of a line, as the customer may (SPEC rule 4)
            if item.quantity > 1 and pk not in self.taking_over:
                self.fields[f"quantity_{pk}"] = forms.IntegerField(
                    label=_("Quantity of %(product)s") % {"product": item.product_name},
                    min_value=1,
                    max_value=item.quantity,
                    initial=item.quantity,
                    required=False,
                    widget=forms.NumberInput(attrs={"style": "width:4em"}),
                )

    def clean(self):
        cleaned = super().clean()
        reason, kind = cleaned.get("reason"), cleaned.get("transaction")
        if not kind or "reason" in self.errors:
            return cleaned
        if reason and reason.cancellation_type != kind:
            self.add_error("reason", WRONG_TYPE[kind] % {"reason": reason.display_subject})
        elif not reason and not self.needs_no_reason(cleaned):
            self.add_error("reason", REASON_NEEDED[kind])
        return cleaned

    def needs_no_reason(self, cleaned) -> bool:
        """A Cancel of only items whose customer asked to cancel: the customer's reasons stand."""
        ids = {int(pk) for pk in cleaned.get("item_ids", [])}
        return cleaned.get("transaction") == CancellationType.CANCEL and bool(ids) and ids <= self.taking_over

    def item_rows(self) -> list[tuple[OrderItem, BoundWidget, BoundField | None]]:
        """Each line of the order with its checkbox (ticked as submitted) and its quantity input
        (lines of more than one), in the order's order."""
        return [
            (item, box, self[f"quantity_{pk}"] if f"quantity_{pk}" in self.fields else None)
            for (pk, item), box in zip(self.order_items.items(), self["item_ids"], strict=True)
        ]

    def selected_items(self) -> list[OrderItem]:
        return [self.order_items[int(pk)] for pk in self.cleaned_data["item_ids"]]

    def quantities(self) -> dict[int, int]:
        """How many units of each selected line: the whole line unless a smaller quantity was given."""
        return {
            item.pk: self.cleaned_data.get(f"quantity_{item.pk}") or item.quantity for item in self.selected_items()
        }
