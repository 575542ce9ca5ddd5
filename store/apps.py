from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.utils.translation import gettext_lazy as _


def remember_store_role(sender, request, user, **kwargs):
    """Each sign-in looks up afresh whether the user works for a seller (`store.views.is_seller_staff`).

    Stored while signing in, the answer costs the store's pages no query and no session write.
    """
    from orders.selectors import user_is_seller_staff

    from .views import SELLER_STAFF_SESSION_KEY

    if request is not None and hasattr(request, "session"):
        request.session[SELLER_STAFF_SESSION_KEY] = user_is_seller_staff(user=user, fresh=True)


class StoreConfig(AppConfig):
    """The customers' store: My Orders, Order Details and withdrawing a request."""

    name = "store"
    verbose_name = _("Store")

    def ready(self):
        user_logged_in.connect(remember_store_role, dispatch_uid="store.remember_store_role")
