"""How claims, packages and plans read in the API. Shapes only: no rules, no writes."""

import datetime

from django.utils.text import capfirst
from rest_framework import serializers

from orders.choices import OrderItemStatus
from orders.models import OrderItem, Package
from returns.choices import RequestOrigin, RequestStatus, ReturnShipmentStatus
from returns.models import CancellationPlan, CancellationRequest, RefundLine, ReturnShipment

# Akinon's `cancelled_by`: who opened the claim (the owner's staff are a third kind here).
CANCELLED_BY = {RequestOrigin.CUSTOMER: 1, RequestOrigin.SELLER: 2, RequestOrigin.OWNER: 3}
MONEY = {"max_digits": 12, "decimal_places": 2}
# The API's times are UTC (ISO 8601 with `Z`) whatever time zone a request may have activated;
# naming it also spares each value the look-up of the current one.
UTC = {"default_timezone": datetime.UTC}
POSITIVE_MAX = 2**31 - 1  # a PositiveIntegerField's range on every database Django supports


def label(model, name: str):
    """A model field's verbose name as a field's label, as `ModelSerializer` would give it."""
    return capfirst(model._meta.get_field(name).verbose_name)


class ItemSerializer(serializers.Serializer):
    """An order line, in a claim and in a package."""

    id = serializers.BigIntegerField(label="ID", read_only=True)
    product_name = serializers.CharField(label=label(OrderItem, "product_name"), max_length=255)
    sku = serializers.CharField(label=label(OrderItem, "sku"), max_length=64)
    quantity = serializers.IntegerField(max_value=POSITIVE_MAX, min_value=0)
    unit_price = serializers.DecimalField(**MONEY)
    status = serializers.ChoiceField(choices=OrderItemStatus.choices, required=False)


class ReturnTrackingSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ReturnShipmentStatus.choices, required=False)
    carrier = serializers.CharField(max_length=30)
    tracking_number = serializers.CharField(allow_blank=True, max_length=100, required=False)
    tracking_url = serializers.URLField(
        allow_blank=True, label=label(ReturnShipment, "tracking_url"), max_length=500, required=False
    )
    ship_by = serializers.DateField()
    shipped_at = serializers.DateTimeField(
        allow_null=True, label=label(ReturnShipment, "shipped_at"), required=False, **UTC
    )
    received_at = serializers.DateTimeField(
        allow_null=True, label=label(ReturnShipment, "received_at"), required=False, **UTC
    )


# A claim is shown from its row (`api.selectors.claim_row`), not the model: plain values, read in
# one query for a whole page.
class ClaimSerializer(serializers.Serializer):
    """A cancellation/return request as a seller's system reads it (Seller Center's claims)."""

    id = serializers.BigIntegerField(label="ID", read_only=True)
    type = serializers.CharField(source="cancellation_type")
    status = serializers.ChoiceField(choices=RequestStatus.choices, default=RequestStatus.WAITING)
    cancelled_by = serializers.SerializerMethodField()
    order_number = serializers.CharField(source="order__number")
    item = ItemSerializer()
    reason = serializers.CharField(source="reason__subject")
    reason_id = serializers.IntegerField()
    detail = serializers.CharField(source="description")
    quantity = serializers.IntegerField(max_value=POSITIVE_MAX, min_value=0)
    return_code = serializers.CharField(read_only=True)
    return_tracking = ReturnTrackingSerializer(allow_null=True, read_only=True)
    refund_amount = serializers.DecimalField(read_only=True, **MONEY)
    currency = serializers.CharField(source="order__currency")
    approved_without_return = serializers.BooleanField(
        label=label(CancellationRequest, "approved_without_return"), required=False
    )
    rejection_note = serializers.CharField(allow_blank=True, required=False)
    created_at = serializers.DateTimeField(label=label(CancellationRequest, "created_at"), required=False, **UTC)
    decided_at = serializers.DateTimeField(
        allow_null=True, label=label(CancellationRequest, "decided_at"), required=False, **UTC
    )
    updated_at = serializers.DateTimeField(source="changed_at", **UTC)

    def get_cancelled_by(self, claim: dict) -> int:
        return CANCELLED_BY[claim["origin"]]


class OwnerClaimSerializer(ClaimSerializer):
    seller = serializers.CharField(source="seller__slug")


class PackageSerializer(serializers.ModelSerializer):
    order_number = serializers.CharField(source="order.number")
    items = ItemSerializer(many=True)

    class Meta:
        model = Package
        fields = (
            "id",
            "order_number",
            "status",
            "carrier",
            "tracking_number",
            "created_at",
            "shipped_at",
            "delivered_at",
            "items",
        )


class RefundLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = RefundLine
        fields = ("id", "amount", "status", "attempts", "idempotency_key", "gateway_reference", "last_error")


class PlanItemSerializer(serializers.Serializer):
    cancellation_request = serializers.IntegerField(source="cancellation_request_id")
    order_item = serializers.IntegerField(source="order_item_id")
    quantity = serializers.IntegerField()
    amount = serializers.DecimalField(**MONEY)


class PlanSerializer(serializers.ModelSerializer):
    order_number = serializers.CharField(source="order.number")
    items = PlanItemSerializer(many=True)
    refund_lines = RefundLineSerializer(many=True)

    class Meta:
        model = CancellationPlan
        fields = (
            "id",
            "order_number",
            "plan_type",
            "status",
            "items_amount",
            "shipping_amount",
            "amount",
            "needs_attention",
            "note",
            "created_at",
            "approved_at",
            "completed_at",
            "items",
            "refund_lines",
        )
