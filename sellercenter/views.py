from django.contrib.auth import views as auth_views
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from orders.selectors import user_is_seller_staff


def health(request):
    """Liveness and database check for load balancers (served by `HealthCheckMiddleware`)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok"})


def start_page(user) -> str:
    """A person's own site: Omnitron for the owner's staff, Seller Center for a seller's staff,
    My Orders for a customer (and for a visitor, whom it asks to sign in)."""
    if user.is_authenticated and user.is_staff:
        return reverse("admin:index")
    if user.is_authenticated and user_is_seller_staff(user=user):
        return reverse("seller:index")
    return reverse("store:order_list")


def home(request):
    """The site's root: each person's own site (the store is closed to staff and sellers)."""
    return redirect(start_page(request.user))


class LoginView(auth_views.LoginView):
    """Django's sign-in; without a `next`, each person lands on their own site."""

    def get_default_redirect_url(self):
        return start_page(self.request.user)
