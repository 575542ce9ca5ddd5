"""Customer-facing store views of orders."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.views.generic import ListView

from .selectors import order_list_for_customer, user_is_seller_staff


class CustomerRequiredMixin(LoginRequiredMixin):
    """Store pages are for customers: owner staff and seller staff use their own admins."""

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and (user.is_staff or user_is_seller_staff(user=user)):
            raise PermissionDenied("The store is for customers; use Omnitron or Seller Center.")
        return super().dispatch(request, *args, **kwargs)


class OrderListView(CustomerRequiredMixin, ListView):
    """My Orders: the customer's own orders, newest first."""

    template_name = "orders/order_list.html"
    context_object_name = "orders"
    paginate_by = 20

    def get_queryset(self):
        return order_list_for_customer(user=self.request.user).only(
            "number", "created_at", "status", "total", "currency", "has_open_request"
        )
