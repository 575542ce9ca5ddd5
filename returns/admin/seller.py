"""Seller Center: each seller's own packages and requests at /seller/."""

from datetime import timedelta

from django.conf import settings
from django.contrib import admin, messages
from django.db.models import Prefetch
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.timesince import timeuntil
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from orders.choices import UNSHIPPED_ITEM_STATUSES
from orders.exceptions import OrdersError
from orders.models import OrderItem, Package
from orders.selectors import package_list_for_seller
from orders.services import package_move
from sellercenter.sites import seller_site

from ..choices import RequestStatus
from ..exceptions import ReturnsError
from ..forms import RejectItemForm, ShipForm
from ..models import CancellationRequest
from ..selectors import cancellation_request_list_for_seller
from ..services import order_item_reject_by_seller
from .common import HistoryInline, NotFoundForOthersMixin, ReadOnlyTabularInline, action_confirmation, admin_render
from .owner import ReadOnlyAdminMixin, RequestAdminBase


class SellerScopedAdminMixin(ReadOnlyAdminMixin, NotFoundForOthersMixin):
    """Everything a seller sees comes through the seller selectors; the site checks membership."""

    def has_view_permission(self, request, obj=None):
        return self.admin_site.has_permission(request)

    def has_module_permission(self, request):
        return self.admin_site.has_permission(request)


class PackageItemInline(ReadOnlyTabularInline):
    model = OrderItem
    fk_name = "package"
    fields = ("product_name", "sku", "quantity", "status")

    def has_view_permission(self, request, obj=None):
        return True


@admin.register(Package, site=seller_site)
class SellerPackageAdmin(SellerScopedAdminMixin, admin.ModelAdmin):
    list_display = ("id", "order_number", "status", "item_summary", "created_at", "age", "tracking")
    list_filter = ("status",)
    search_fields = ("=order__number",)
    ordering = ("-created_at", "-id")
    fields = ("order", "status", "carrier", "tracking_number", "created_at", "shipped_at", "delivered_at")
    readonly_fields = fields
    inlines = [PackageItemInline, HistoryInline]
    actions = ["mark_ready_to_ship", "ship", "deliver", "fail_delivery"]
    change_form_template = "admin/orders/package/seller_change_form.html"

    def get_queryset(self, request):
        items = OrderItem.objects.order_by("pk")
        return (
            package_list_for_seller(user=request.user)
            .select_related("order", "seller")
            .prefetch_related(Prefetch("items", items))
        )

    @admin.display(description=gettext_lazy("order"), ordering="order__number")
    def order_number(self, package):
        return package.order.number

    @admin.display(description=gettext_lazy("items"))
    def item_summary(self, package):
        return "; ".join(f"{i.product_name} × {i.quantity} ({i.get_status_display()})" for i in package.items.all())

    @admin.display(description=gettext_lazy("age"))
    def age(self, package):
        return _("%(days)d d") % {"days": (timezone.now() - package.created_at).days}

    @admin.display(description=gettext_lazy("tracking"))
    def tracking(self, package):
        return f"{package.carrier} {package.tracking_number}".strip()

    def _move(self, request, queryset, move: str, verb: str, details_for: dict | None = None):
        details_for = details_for or {}
        done, failures = 0, []
        for package in queryset.order_by("pk"):
            try:
                package_move(package_id=package.pk, move=move, by=request.user, **details_for.get(package.pk, {}))
            except OrdersError as error:
                failures.append(str(error))
            else:
                done += 1
                self.log_change(request, package, verb)
        if done:
            self.message_user(request, _("%(verb)s: %(count)d package(s).") % {"verb": verb, "count": done})
        if failures:
            self.message_user(request, _("Skipped: %(reasons)s") % {"reasons": "; ".join(failures)}, messages.ERROR)

    @admin.action(description=gettext_lazy("Ready to Ship"))
    def mark_ready_to_ship(self, request, queryset):
        self._move(request, queryset, "mark_ready_to_ship", _("Ready to Ship"))

    @admin.action(description=gettext_lazy("Delivered"))
    def deliver(self, request, queryset):
        self._move(request, queryset, "deliver", _("Delivered"))

    @admin.action(description=gettext_lazy("Delivery Failed"))
    def fail_delivery(self, request, queryset):
        self._move(request, queryset, "fail_delivery", _("Delivery Failed"))

    @admin.action(description=gettext_lazy("Ship (carrier and tracking number)"))
    def ship(self, request, queryset):
        packages = list(queryset.select_related("order").order_by("pk"))
        form = ShipForm(request.POST if "post" in request.POST else None, packages=packages)
        if "post" in request.POST and form.is_valid():
            details = {
                p.pk: {
                    "carrier": form.cleaned_data["carrier"],
                    "tracking_number": form.cleaned_data[f"tracking_{p.pk}"],
                }
                for p in packages
            }
            self._move(request, queryset, "ship", _("Shipped"), details)
            return None
        return action_confirmation(
            self,
            request,
            packages,
            action="ship",
            title=_("Ship packages"),
            form=form,
            template="ship_confirmation.html",
        )

    def get_urls(self):
        return [
            path(
                "<path:object_id>/reject-item/",
                self.admin_site.admin_view(self.reject_item_view),
                name="orders_package_reject_item",
            ),
            *super().get_urls(),
        ]

    def reject_item_view(self, request, object_id):
        """Reject an unshipped item (out of stock, damaged): cancelled with a full refund."""
        package = self.get_object_or_404(request, object_id)
        items = OrderItem.objects.filter(package=package, status__in=UNSHIPPED_ITEM_STATUSES)
        form = RejectItemForm(request.POST or None, items=items)
        change_url = reverse("seller:orders_package_change", args=[package.pk])
        if request.method == "POST" and form.is_valid():
            try:
                plan = order_item_reject_by_seller(
                    item_id=form.cleaned_data["item"].pk,
                    reason_id=form.cleaned_data["reason"].pk,
                    rejected_by=request.user,
                    note=form.cleaned_data["note"],
                )
            except ReturnsError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                self.log_change(request, package, _("Item rejected"))
                self.message_user(
                    request,
                    _("%(product)s is cancelled; the customer gets a full refund (plan #%(plan)s).")
                    % {"product": form.cleaned_data["item"].product_name, "plan": plan.pk},
                )
                return HttpResponseRedirect(change_url)
        context = {"title": _("Reject an item"), "original": package, "form": form, "change_url": change_url}
        return admin_render(self, request, "admin/orders/package/reject_item.html", context)


@admin.register(CancellationRequest, site=seller_site)
class SellerCancellationRequestAdmin(SellerScopedAdminMixin, RequestAdminBase):
    approve_label = gettext_lazy("Confirm")
    approved_verb = gettext_lazy("Confirmed")
    list_display = (
        "id",
        "order_number",
        "product",
        "quantity",
        "cancellation_type",
        "reason",
        "description",
        "status",
        "age",
        "time_left",
    )
    list_filter = ("status", "cancellation_type")
    list_select_related = ("order", "order_item", "reason")  # the seller is the viewer: no seller column
    object_select_related = ("order", "order_item__seller", "reason", "plan_item")  # and whether a plan took it
    search_fields = ("=order__number",)
    actions = ["confirm_selected", "reject_selected"]

    def get_queryset(self, request):
        return cancellation_request_list_for_seller(user=request.user)

    def has_decide_permission(self, request) -> bool:
        return self.admin_site.has_permission(request)

    @admin.display(description=gettext_lazy("time left"))
    def time_left(self, obj):
        if obj.status != RequestStatus.WAITING or obj.is_cancel:
            return "—"
        deadline = obj.created_at + timedelta(days=settings.SELLER_RESPONSE_DAYS)
        if deadline <= timezone.now():
            return _("overdue")
        return timeuntil(deadline)

    @admin.action(description=gettext_lazy("Confirm selected requests"))
    def confirm_selected(self, request, queryset):
        return self._bulk(request, queryset, approve=True)

    def _bulk(self, request, queryset, *, approve: bool):
        response = super()._bulk(request, queryset, approve=approve)
        if response is not None and approve:
            response.context_data["action"] = "confirm_selected"
            response.context_data["title"] = _("Confirm these requests?")
        return response
