"""`/api/`: version 1 of the integration API, its OpenAPI schema and its docs (SPEC section 8)."""

from django.urls import include, path, re_path, register_converter
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from orders.choices import PackageMove

from . import owner, seller
from .seller import ShipSerializer, package_move_view
from .views import not_found


class IdConverter:
    """A row's id: 1 to 18 digits (a longer number is no id of ours, and a 404)."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(value)


register_converter(IdConverter, "id")

app_name = "api"

v1 = [
    path("claims/", seller.ClaimListView.as_view(), name="claim_list"),
    path("claims/<id:pk>/", seller.ClaimDetailView.as_view(), name="claim_detail"),
    path("claims/<id:pk>/approve/", seller.ClaimApproveView.as_view(), name="claim_approve"),
    path("claims/<id:pk>/reject/", seller.ClaimRejectView.as_view(), name="claim_reject"),
    path("claims/<id:pk>/receive/", seller.ClaimReceiveView.as_view(), name="claim_receive"),
    path("packages/", seller.PackageListView.as_view(), name="package_list"),
    path(
        "packages/<id:pk>/ready_to_ship/",
        package_move_view(PackageMove.MARK_READY_TO_SHIP, "Mark a package ready to ship"),
        name="package_ready_to_ship",
    ),
    path(
        "packages/<id:pk>/ship/",
        package_move_view(PackageMove.SHIP, "Ship a package (carrier and tracking number)", ShipSerializer),
        name="package_ship",
    ),
    path(
        "packages/<id:pk>/deliver/",
        package_move_view(PackageMove.DELIVER, "Mark a package delivered"),
        name="package_deliver",
    ),
    path(
        "packages/<id:pk>/delivery_failed/",
        package_move_view(PackageMove.FAIL_DELIVERY, "Mark a package's delivery failed"),
        name="package_delivery_failed",
    ),
    path("order_items/<id:pk>/reject/", seller.OrderItemRejectView.as_view(), name="order_item_reject"),
    path("cancellation_requests/", owner.CancellationRequestListView.as_view(), name="cancellation_request_list"),
    path("cancellation_plans/", owner.CancellationPlanListView.as_view(), name="cancellation_plan_list"),
    path("orders/<str:number>/cancel/", owner.OrderCancelView.as_view(), name="order_cancel"),
]

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The docs' script is a file of its own (not inline), as the Content-Security-Policy wants.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("v1/", include(v1)),
    re_path(r"^[\s\S]*$", not_found, name="not_found"),  # any path, with a newline in it too
]
