"""Omnitron's API keys (SPEC section 8): Managers create them (the key is shown once) and revoke them.

A key is never edited: its name and user are set when it is made, and a key that should
change is revoked and replaced. Keys are never deleted either, so their use stays on record.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from api.exceptions import ApiKeyError
from api.models import ApiKey
from api.selectors import api_key_list_for_owner
from api.services import api_key_create, api_key_owner_check, api_key_revoke

from ..common.pages import ListPageMixin
from .site import owner_site

REVOKE_PERMISSION = "api.change_apikey"


class ApiKeyAddForm(forms.ModelForm):
    class Meta:
        model = ApiKey
        fields = ("user", "name")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Keys belong to sellers' staff or owner staff (the service checks it again).
        users = get_user_model().objects.filter(Q(is_staff=True) | Q(sellers__isnull=False), is_active=True)
        self.fields["user"].queryset = users.distinct().order_by("username")

    def clean_user(self):
        user = self.cleaned_data["user"]
        try:
            api_key_owner_check(user=user)
        except ApiKeyError as error:
            raise forms.ValidationError(str(error)) from error
        return user


@admin.register(ApiKey, site=owner_site)
class ApiKeyAdmin(ListPageMixin, admin.ModelAdmin):
    list_display = ("name", "prefix", "user", "created_at", "last_used_at", "revoked_at")
    list_filter = (("revoked_at", admin.EmptyFieldListFilter),)
    search_fields = ("name", "prefix", "user__username")
    fields = ("name", "prefix", "user", "created_by", "created_at", "last_used_at", "revoked_at")
    readonly_fields = fields
    actions = ["revoke"]

    def get_queryset(self, request):
        return api_key_list_for_owner()

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = ApiKeyAddForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        return ("user", "name") if obj is None else self.fields

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else self.readonly_fields

    def has_change_permission(self, request, obj=None):
        return False  # keys are revoked, never edited

    def has_delete_permission(self, request, obj=None):
        return False  # a revoked key stays on record

    def has_revoke_permission(self, request) -> bool:
        return request.user.has_perm(REVOKE_PERMISSION)

    def save_model(self, request, obj, form, change):
        """Adding a key is the service's work; the whole key is shown this once, in the message."""
        issued = api_key_create(user=obj.user, name=obj.name, created_by=request.user)
        obj.pk = issued.api_key.pk
        obj.refresh_from_db()
        self.message_user(
            request,
            _("The key of “%(name)s” is %(key)s. Copy it now: it is not shown again.")
            % {"name": obj.name, "key": issued.key},
            messages.WARNING,
        )

    @admin.action(description=gettext_lazy("Revoke selected keys"), permissions=["revoke"])
    def revoke(self, request, queryset):
        keys = list(queryset.filter(revoked_at__isnull=True).order_by("pk"))
        for key in keys:
            api_key_revoke(api_key_id=key.pk)
            self.log_change(request, key, _("Revoked"))
        self.message_user(request, _("Revoked %(count)d key(s).") % {"count": len(keys)})
