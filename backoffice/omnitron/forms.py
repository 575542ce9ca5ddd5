"""Omnitron's admin forms."""

from django import forms
from django.forms.boundfield import BoundWidget
from django.utils.translation import gettext_lazy as _

from orders.models import OrderItem
from returns.choices import CancellationType
from returns.models import CancellationReason
from returns.selectors import cancellation_reason_list_active


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
    reason = forms.ModelChoiceField(label=_("Reason"), queryset=CancellationReason.objects.active())
    note = forms.CharField(label=_("Note"), required=False, max_length=1000)

    def __init__(self, *args, order_items, transactions=CancellationType.values, **kwargs):
        """`transactions` are the ones the user may apply (Cancel, Return)."""
        super().__init__(*args, **kwargs)
        self.order_items = {item.pk: item for item in order_items}
        self.fields["transaction"].choices = [c for c in CancellationType.choices if c[0] in transactions]
        self.fields["item_ids"].choices = [(str(pk), item.product_name) for pk, item in self.order_items.items()]
        # The select lists the cached active reasons; a submitted one is still looked up fresh.
        reason = self.fields["reason"]
        reason.widget.choices = [("", reason.empty_label)] + [
            (r.pk, reason.label_from_instance(r)) for r in cancellation_reason_list_active()
        ]

    def clean(self):
        cleaned = super().clean()
        reason, kind = cleaned.get("reason"), cleaned.get("transaction")
        if reason and kind and reason.cancellation_type != kind:
            self.add_error("reason", _("Choose a reason for a %(kind)s.") % {"kind": CancellationType(kind).label})
        return cleaned

    def item_rows(self) -> list[tuple[OrderItem, BoundWidget]]:
        """Each line of the order with its checkbox (ticked as submitted), in the order's order."""
        return list(zip(self.order_items.values(), self["item_ids"], strict=True))

    def selected_items(self) -> list[OrderItem]:
        return [self.order_items[int(pk)] for pk in self.cleaned_data["item_ids"]]
