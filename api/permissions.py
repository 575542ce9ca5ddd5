"""Who may call which endpoint: a key acts as its user, nothing more (SPEC section 8, rule 14)."""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from orders.selectors import user_is_seller_staff


class IsSellerStaff(BasePermission):
    """Seller endpoints: the staff of a seller; which rows they reach is the scoped selectors' answer."""

    message = _("This endpoint is for sellers' keys.")

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated and user_is_seller_staff(user=request.user))


class HasOwnerPermissions(BasePermission):
    """Owner endpoints: owner staff holding the view's `owner_permissions` for the method (Omnitron's roles)."""

    message = _("Your key's user lacks the permission for this.")

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated and user.is_staff):
            return False
        return user.has_perms(view.owner_permissions.get(request.method, ()))
