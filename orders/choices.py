from functools import cache

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class OrderStatus(models.TextChoices):
    WAITING_PACKAGING = "waiting_packaging", _("Waiting Packaging")
    SHIPPED = "shipped", _("Shipped")
    DELIVERED = "delivered", _("Delivered")
    CANCELLED = "cancelled", _("Cancelled")
    RETURNED = "returned", _("Returned")


class PackageStatus(models.TextChoices):
    PREPARING = "preparing", _("Preparing")
    READY_TO_SHIP = "ready_to_ship", _("Ready to Ship")
    SHIPPED = "shipped", _("Shipped")
    DELIVERED = "delivered", _("Delivered")
    DELIVERY_FAILED = "delivery_failed", _("Delivery Failed")
    CANCELLED = "cancelled", _("Cancelled")


class OrderItemStatus(models.TextChoices):
    PREPARING = "preparing", _("Preparing")
    READY_TO_SHIP = "ready_to_ship", _("Ready to Ship")
    SHIPPED = "shipped", _("Shipped")
    DELIVERED = "delivered", _("Delivered")
    DELIVERY_FAILED = "delivery_failed", _("Delivery Failed")
    CANCELLATION_WAITING = "cancellation_waiting", _("Cancellation Waiting")
    RETURN_WAITING = "return_waiting", _("Return Waiting")
    CANCELLED = "cancelled", _("Cancelled")
    RETURNED = "returned", _("Returned")


UNSHIPPED_ITEM_STATUSES = (OrderItemStatus.PREPARING, OrderItemStatus.READY_TO_SHIP)
RETURNABLE_ITEM_STATUSES = (
    OrderItemStatus.SHIPPED,
    OrderItemStatus.DELIVERED,
    OrderItemStatus.DELIVERY_FAILED,
)
FULFILMENT_ITEM_STATUSES = UNSHIPPED_ITEM_STATUSES + RETURNABLE_ITEM_STATUSES
WAITING_ITEM_STATUSES = (OrderItemStatus.CANCELLATION_WAITING, OrderItemStatus.RETURN_WAITING)
CANCELLABLE_PACKAGE_STATUSES = (PackageStatus.PREPARING, PackageStatus.READY_TO_SHIP)


class PackageMove(models.TextChoices):
    """The fulfilment moves of a package: each value is the name of its transition (and its items')."""

    MARK_READY_TO_SHIP = "mark_ready_to_ship", _("Ready to Ship")
    SHIP = "ship", _("Ship")
    DELIVER = "deliver", _("Delivered")
    FAIL_DELIVERY = "fail_delivery", _("Delivery Failed")


class PaymentMethod(models.TextChoices):
    CREDIT_CARD = "credit_card", _("Credit Card")
    PAY_LATER = "pay_later", _("Pay Later")
    WALLET = "wallet", _("Wallet")


def choice_labels(model, field_name: str) -> dict[str, str]:
    """A status field's labels by value, translated once, for pages that show many rows."""
    return {value: str(label) for value, label in model._meta.get_field(field_name).flatchoices}


def choice_label(choices: type[models.Choices], value) -> str:
    """The label of `value` in the active language, or the value itself when it is none of the choices."""
    return labels_in(choices, get_language()).get(value, value)


@cache
def labels_in(choices: type[models.Choices], language: str | None) -> dict[str, str]:
    """The choices' labels by value in `language`, which is the active one: translated once per
    language, where each label shown would otherwise be translated again."""
    return {member.value: str(member.label) for member in choices}


def choice_display(choices: type[models.Choices], field_name: str):
    """A model's `get_<field>_display`, defined on the model to replace Django's: the label of
    the row's own value, or the value itself when it is none of the choices, as Django's.

    Django's builds the field's whole value-to-label map on each call and hashes every lazy
    label, which translates them all: a page of 50 lines asked for about 1,200 translations.
    """

    def display(self) -> str:
        return choice_label(choices, getattr(self, field_name))

    display.__name__ = f"get_{field_name}_display"
    return display
