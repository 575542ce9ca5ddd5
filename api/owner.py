"""The owner's endpoints (SPEC section 8): every request and plan, and Omnitron's Cancel/Return.

Owner staff's keys act with their Omnitron role: each endpoint names the permissions it
needs (`owner_permissions`), as Omnitron's pages do.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.settings import api_settings

from accounts.roles import CANCEL_ITEMS, RETURN_ITEMS
from orders.selectors import order_get_for_owner
from returns.selectors import cancellation_plan_list_with_lines_for_owner, cancellation_request_list_for_owner
from returns.services import order_items_cancel, order_items_return

from .base import ACTION_ERRORS, IDEMPOTENCY_KEY, LIST_ERRORS, ActionView, ClaimPagesMixin, FilteredListView
from .exports import PlanCsvRenderer
from .filters import ClaimFilterSerializer, PlanFilterSerializer, claims_filter, simple_filter
from .idempotency import idempotent
from .permissions import HasOwnerPermissions
from .selectors import claim_list_for_owner
from .serializers import OwnerClaimSerializer, PlanSerializer


class OwnerMixin:
    permission_classes = [HasOwnerPermissions]
    owner_permissions: dict = {}


@extend_schema(tags=["owner"], parameters=[ClaimFilterSerializer], responses={200: OwnerClaimSerializer, **LIST_ERRORS})
class CancellationRequestListView(OwnerMixin, ClaimPagesMixin, FilteredListView):
    """Every seller's cancellation and return requests, newest first."""

    serializer_class = OwnerClaimSerializer
    filter_serializer_class = ClaimFilterSerializer
    owner_permissions = {"GET": ["returns.view_cancellationrequest"]}

    def scoped_queryset(self):
        return cancellation_request_list_for_owner()

    def scoped_claims(self):
        return claim_list_for_owner()

    def filter(self, queryset, params):
        return claims_filter(queryset, params)


@extend_schema(
    tags=["owner"],
    parameters=[
        PlanFilterSerializer,
        OpenApiParameter("format", str, enum=["json", "csv"], description="`csv` exports every matching plan."),
    ],
    responses={
        (200, "application/json"): PlanSerializer,
        (200, "text/csv"): OpenApiResponse(str, description="One row per plan"),
        **LIST_ERRORS,
    },
)
class CancellationPlanListView(OwnerMixin, FilteredListView):
    """Cancellation plans with their refund lines, newest first; `?format=csv` exports them all."""

    serializer_class = PlanSerializer
    filter_serializer_class = PlanFilterSerializer
    renderer_classes = [*api_settings.DEFAULT_RENDERER_CLASSES, PlanCsvRenderer]
    owner_permissions = {"GET": ["returns.view_cancellationplan"]}

    def scoped_queryset(self):
        return cancellation_plan_list_with_lines_for_owner()

    def filter(self, queryset, params):
        return simple_filter(queryset, params, ("status", "plan_type", "created_at__gte", "created_at__lte"))

    def paginate_queryset(self, queryset):
        if isinstance(self.request.accepted_renderer, PlanCsvRenderer):
            return None  # an export is every matching plan
        return super().paginate_queryset(queryset)


class OrderLineSerializer(serializers.Serializer):
    order_item = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    quantity = serializers.IntegerField(min_value=1, max_value=10**6, required=False)
    reason = serializers.IntegerField(min_value=1, max_value=2**63 - 1)


class OrderTransactionSerializer(serializers.Serializer):
    transaction = serializers.ChoiceField(choices=[("cancel", _("Cancel")), ("return", _("Return"))])
    items = OrderLineSerializer(many=True, allow_empty=False, max_length=500)
    note = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")

    def validate_items(self, lines):
        """Omnitron's transaction takes one reason and whole lines (a partial quantity is the store's)."""
        if len({line["reason"] for line in lines}) > 1:
            raise serializers.ValidationError(_("Give every item the same reason."))
        quantities = {item.pk: item.quantity for item in self.context["order"].items.all()}
        for line in lines:
            if "quantity" in line and quantities.get(line["order_item"], line["quantity"]) != line["quantity"]:
                raise serializers.ValidationError(_("Cancel or return whole lines: the quantity is the line's."))
        return lines


class OrderTransactionResultSerializer(serializers.Serializer):
    cancellation_requests = serializers.ListField(child=serializers.IntegerField())
    cancellation_plan = serializers.IntegerField(allow_null=True)


class OrderCancelView(OwnerMixin, ActionView):
    """Omnitron's Cancel/Return Selected Items on one order: a cancel plan, or return requests for the sellers."""

    owner_permissions = {"POST": ["orders.view_order"]}

    @extend_schema(
        tags=["owner"],
        summary="Cancel or return items of an order",
        request=OrderTransactionSerializer,
        responses={200: OrderTransactionResultSerializer, **ACTION_ERRORS},
        parameters=[IDEMPOTENCY_KEY],
    )
    @idempotent
    def post(self, request, number):
        order = order_get_for_owner(number=number)
        body = OrderTransactionSerializer(data=request.data, context={"order": order})
        body.is_valid(raise_exception=True)
        data = body.validated_data
        cancelling = data["transaction"] == "cancel"
        if not request.user.has_perm(CANCEL_ITEMS if cancelling else RETURN_ITEMS):
            raise PermissionDenied
        item_ids = [line["order_item"] for line in data["items"]]
        common = {"order_id": order.pk, "item_ids": item_ids, "reason_id": data["items"][0]["reason"]}
        if cancelling:
            plan = order_items_cancel(**common, cancelled_by=request.user, note=data["note"])
            result = {"cancellation_requests": list(plan.items.values_list("cancellation_request_id", flat=True))}
            result["cancellation_plan"] = plan.pk
        else:
            created = order_items_return(**common, returned_by=request.user, note=data["note"])
            result = {"cancellation_requests": [r.pk for r in created], "cancellation_plan": None}
        return Response(OrderTransactionResultSerializer(result).data)
