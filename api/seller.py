"""The sellers' endpoints (SPEC section 8): their claims, packages and order lines, nothing else.

Every object comes through a scoped selector (another seller's is a 404) and every write
is the service Seller Center's buttons call.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers

from orders.choices import PackageMove
from orders.selectors import order_item_get_for_seller, package_get_for_seller, package_list_for_seller_api
from orders.services import package_move
from returns.selectors import cancellation_request_list_for_seller
from returns.services import (
    cancellation_request_approve,
    cancellation_request_reject,
    order_item_reject_by_seller,
    return_shipment_mark_received,
)

from .base import LIST_ERRORS, ActionView, ClaimPagesMixin, FilteredListView, action_schema
from .filters import ClaimFilterSerializer, PackageFilterSerializer, claims_filter, simple_filter
from .idempotency import idempotent
from .permissions import IsSellerStaff
from .selectors import claim_get_for_seller, claim_list_for_seller
from .serializers import ClaimSerializer, PackageSerializer

NOTE = {"max_length": 1000, "required": False, "allow_blank": True, "default": ""}


class SellerMixin:
    permission_classes = [IsSellerStaff]


@extend_schema(tags=["seller"], parameters=[ClaimFilterSerializer], responses={200: ClaimSerializer, **LIST_ERRORS})
class ClaimListView(SellerMixin, ClaimPagesMixin, FilteredListView):
    """The seller's cancellation and return requests, newest first."""

    serializer_class = ClaimSerializer
    filter_serializer_class = ClaimFilterSerializer

    def scoped_queryset(self):
        return cancellation_request_list_for_seller(user=self.request.user)

    def scoped_claims(self):
        return claim_list_for_seller(user=self.request.user)

    def filter(self, queryset, params):
        return claims_filter(queryset, params)


@extend_schema(tags=["seller"], responses={200: ClaimSerializer, **LIST_ERRORS})
class ClaimDetailView(SellerMixin, generics.RetrieveAPIView):
    serializer_class = ClaimSerializer

    def get_object(self):
        return claim_get_for_seller(user=self.request.user, request_id=self.kwargs["pk"])


class ApproveSerializer(serializers.Serializer):
    note = serializers.CharField(**NOTE)
    without_return = serializers.BooleanField(
        default=False, help_text=_("Refund before the parcel reached you (a refund without return).")
    )


class RejectSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=1000)


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(**NOTE)


class ClaimActionView(SellerMixin, ActionView):
    output_serializer_class = ClaimSerializer

    def get_object(self, pk):
        return claim_get_for_seller(user=self.request.user, request_id=pk)


class ClaimApproveView(ClaimActionView):
    input_serializer_class = ApproveSerializer

    def perform(self, claim, data):
        cancellation_request_approve(
            request_id=claim["id"],
            approved_by=self.request.user,
            note=data["note"],
            without_return=data["without_return"],
        )

    @action_schema(summary="Confirm (approve) a claim", request=ApproveSerializer, response=ClaimSerializer)
    @idempotent
    def post(self, request, pk):
        return self.act(request, pk)


class ClaimRejectView(ClaimActionView):
    input_serializer_class = RejectSerializer

    def perform(self, claim, data):
        cancellation_request_reject(request_id=claim["id"], rejected_by=self.request.user, note=data["note"])

    @action_schema(
        summary="Reject a claim (a note is required)",
        request=RejectSerializer,
        response=ClaimSerializer,
        tags=["seller"],
    )
    @idempotent
    def post(self, request, pk):
        return self.act(request, pk)


class ClaimReceiveView(ClaimActionView):
    input_serializer_class = NoteSerializer

    def perform(self, claim, data):
        return_shipment_mark_received(request_id=claim["id"], received_by=self.request.user, note=data["note"])

    @action_schema(summary="Mark a return's parcel as received", request=NoteSerializer, response=ClaimSerializer)
    @idempotent
    def post(self, request, pk):
        return self.act(request, pk)


@extend_schema(tags=["seller"], parameters=[PackageFilterSerializer], responses={200: PackageSerializer, **LIST_ERRORS})
class PackageListView(SellerMixin, FilteredListView):
    """The seller's packages, newest first."""

    serializer_class = PackageSerializer
    filter_serializer_class = PackageFilterSerializer

    def scoped_queryset(self):
        return package_list_for_seller_api(user=self.request.user)

    def filter(self, queryset, params):
        return simple_filter(queryset, params, ("status",))


class ShipSerializer(serializers.Serializer):
    carrier = serializers.CharField(max_length=100)
    tracking_number = serializers.CharField(max_length=100)


class EmptySerializer(serializers.Serializer):
    pass


class PackageMoveView(SellerMixin, ActionView):
    """One fulfilment move of a package (`move`), with the move's details from the body."""

    output_serializer_class = PackageSerializer
    input_serializer_class = EmptySerializer
    move: PackageMove

    def get_object(self, pk):
        return package_get_for_seller(user=self.request.user, package_id=pk)

    def perform(self, package, data):
        package_move(package_id=package.pk, move=self.move, by=self.request.user, **data)


def package_move_view(move: PackageMove, summary: str, body=EmptySerializer):
    """A view of its own per move, with a `post` of its own: the schema annotates the function,
    so moves sharing one would all read as the last move's (summary and body)."""

    @action_schema(summary=summary, request=body, response=PackageSerializer)
    @idempotent
    def post(self, request, pk):
        return self.act(request, pk)

    view = type(
        f"Package{move.title().replace('_', '')}View",
        (PackageMoveView,),
        {"move": move, "input_serializer_class": body, "__doc__": summary, "post": post},
    )
    return view.as_view()


class ItemRejectSerializer(serializers.Serializer):
    reason = serializers.IntegerField(min_value=1, max_value=2**31 - 1, help_text=_("A cancellation reason's id."))
    note = serializers.CharField(**NOTE)


class OrderItemRejectView(SellerMixin, ActionView):
    """Reject an unshipped line (out of stock): it is cancelled with a full refund (SPEC rule 9)."""

    input_serializer_class = ItemRejectSerializer
    output_serializer_class = PackageSerializer

    def get_object(self, pk):
        item = order_item_get_for_seller(user=self.request.user, item_id=pk)
        return package_get_for_seller(user=self.request.user, package_id=item.package_id)

    def perform(self, package, data):
        order_item_reject_by_seller(
            item_id=self.kwargs["pk"], reason_id=data["reason"], rejected_by=self.request.user, note=data["note"]
        )

    @action_schema(
        summary="Reject an unshipped item (out of stock)",
        request=ItemRejectSerializer,
        response=PackageSerializer,
        tags=["seller"],
    )
    @idempotent
    def post(self, request, pk):
        return self.act(request, pk)
