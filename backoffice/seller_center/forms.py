"""Seller Center's admin forms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from orders.models import OrderItem
from returns.choices import CancellationType, ReasonAudience
from returns.selectors import cancellation_reason_queryset_for


class ShipForm(forms.Form):
    carrier = forms.CharField(label=_("Carrier"), max_length=100)

    def __init__(self, *args, packages, **kwargs):
        super().__init__(*args, **kwargs)
        self.packages = list(packages)
        for package in self.packages:
            self.fields[f"tracking_{package.pk}"] = forms.CharField(
                label=_("Tracking number for %(order)s") % {"order": package.order.number}, max_length=100
            )

    def tracking_fields(self):
        return [(package, self[f"tracking_{package.pk}"]) for package in self.packages]


class RejectItemForm(forms.Form):
    item = forms.ModelChoiceField(label=_("Item"), queryset=OrderItem.objects.none())
    reason = forms.ModelChoiceField(
        label=_("Reason"),
        queryset=cancellation_reason_queryset_for(
            audience=ReasonAudience.SELLER, cancellation_type=CancellationType.CANCEL
        ),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=1000)

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items
