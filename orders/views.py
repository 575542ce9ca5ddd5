"""Customer-facing store views of orders."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.views.generic import ListView

from .selectors import order_list_for_customer, user_is_seller_staff

SELLER_STAFF_SESSION_KEY = "store_seller_staff"


def is_seller_staff(request) -> bool:
    """Whether the signed-in user works for a seller, looked up once per session.

    Every store page asks; the answer is stored in the session at each sign-in (see
    `orders.apps`), so the store pays no query for it. A session from before that
    looks it up once.
    """
    known = request.session.get(SELLER_STAFF_SESSION_KEY)
    if known is None:
        known = request.session[SELLER_STAFF_SESSION_KEY] = user_is_seller_staff(user=request.user)
    return known


class CustomerRequiredMixin(LoginRequiredMixin):
    """Store pages are for customers: owner staff and seller staff use their own admins."""

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and (user.is_staff or is_seller_staff(request)):
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
