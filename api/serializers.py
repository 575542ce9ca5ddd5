"""How claims, packages and plans read in the API. Shapes only: no rules, no writes."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from orders.models import OrderItem, Package
from returns.choices import RequestOrigin
from returns.models import CancellationPlan, CancellationRequest, RefundLine, ReturnShipment
from returns.selectors import cancellation_request_refund_amount

# Akinon's `cancelled_by`: who opened the claim (the owner's staff are a third kind here).
CANCELLED_BY = {RequestOrigin.CUSTOMER: 1, RequestOrigin.SELLER: 2, RequestOrigin.OWNER: 3}
MONEY = {"max_digits": 12, "decimal_places": 2}
AMOUNT = serializers.DecimalField(**MONEY)  # one field to show every claim's refund amount


class ItemSerializer(serializers.ModelSerializer):
    """An order line, in a claim and in a package."""

    class Meta:
        model = OrderItem
        fields = ("id", "product_name", "sku", "quantity", "unit_price", "status")


class ReturnTrackingSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReturnShipment
        fields = ("status", "carrier", "tracking_number", "tracking_url", "ship_by", "shipped_at", "received_at")


class ClaimSerializer(serializers.ModelSerializer):
    """A cancellation/return request as a seller's system reads it (Seller Center's claims)."""

    type = serializers.CharField(source="cancellation_type")
    order_number = serializers.CharField(source="order.number")
    cancelled_by = serializers.SerializerMethodField()
    item = ItemSerializer(source="order_item")
    reason = serializers.CharField(source="reason.subject")
    reason_id = serializers.IntegerField()
    detail = serializers.CharField(source="description")
    return_code = serializers.SerializerMethodField()
    # Declared once, not built per row: a serializer built per claim cost more than the rest of the row.
    return_tracking = ReturnTrackingSerializer(source="shipment", allow_null=True, read_only=True)
    refund_amount = serializers.SerializerMethodField()
    currency = serializers.CharField(source="order.currency")
    updated_at = serializers.DateTimeField(source="changed_at")

    class Meta:
        model = CancellationRequest
        fields = (
            "id",
            "type",
            "status",
            "cancelled_by",
            "order_number",
            "item",
            "reason",
            "reason_id",
            "detail",
            "quantity",
            "return_code",
            "return_tracking",
            "refund_amount",
            "currency",
            "approved_without_return",
            "rejection_note",
            "created_at",
            "decided_at",
            "updated_at",
        )

    def get_cancelled_by(self, cancellation) -> int:
        return CANCELLED_BY[cancellation.origin]

    def get_return_code(self, cancellation) -> str:
        return cancellation.return_code

    @extend_schema_field(AMOUNT)
    def get_refund_amount(self, cancellation) -> str:
        return AMOUNT.to_representation(cancellation_request_refund_amount(cancellation))


class OwnerClaimSerializer(ClaimSerializer):
    seller = serializers.CharField(source="seller.slug")

    class Meta(ClaimSerializer.Meta):
        fields = (*ClaimSerializer.Meta.fields, "seller")


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
