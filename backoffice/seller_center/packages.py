"""Seller Center's Packages: Ready to Ship, Ship, Delivered, Delivery Failed, and reject an
unshipped item."""

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from orders.choices import PackageMove
from orders.exceptions import OrdersError
from orders.models import OrderItem, Package
from orders.selectors import order_item_list_unshipped_in_package, package_list_with_items_for_seller
from orders.services import package_move
from returns.exceptions import ReturnsError
from returns.services import order_item_reject_by_seller

from ..common.pages import HistoryInline, ReadOnlyTabularInline, action_confirmation, admin_render
from .forms import RejectItemForm, ShipForm
from .site import SellerScopedAdminMixin, seller_site


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
    fields = (
        "order",
        "customer_name",
        "shipping_address",
        "status",
        "carrier",
        "tracking_number",
        "created_at",
        "shipped_at",
        "delivered_at",
    )
    readonly_fields = fields
    inlines = [PackageItemInline, HistoryInline]
    actions = ["mark_ready_to_ship", "ship", "deliver", "fail_delivery"]
    change_form_template = "admin/orders/package/seller_change_form.html"

    def get_queryset(self, request):
        return package_list_with_items_for_seller(user=request.user)

    @admin.display(description=gettext_lazy("order"), ordering="order__number")
    def order_number(self, package):
        return package.order.number

    @admin.display(description=gettext_lazy("customer"))
    def customer_name(self, package):
        return str(package.order.customer)

    @admin.display(description=gettext_lazy("shipping address"))
    def shipping_address(self, package):
        return package.order.shipping_address or "—"

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        """Offer a button for each move the package allows now (each runs the list's action)."""
        if obj is not None:
            allowed = {transition.name for transition in obj.get_available_status_transitions()}
            context["moves"] = [(move.value, move.label) for move in PackageMove if move.value in allowed]
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)

    @admin.display(description=gettext_lazy("items"))
    def item_summary(self, package):
        return "; ".join(f"{i.product_name} × {i.quantity} ({i.get_status_display()})" for i in package.items.all())

    @admin.display(description=gettext_lazy("age"))
    def age(self, package):
        days = (timezone.now() - package.created_at).days
        return ngettext("%(days)d day", "%(days)d days", days) % {"days": days}

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
        items = order_item_list_unshipped_in_package(package=package)
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
