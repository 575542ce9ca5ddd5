"""`Authorization: Token <key>`: the key's user acts, with that user's permissions and scope."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from .keys import hasher, key_split
from .selectors import api_key_get_active
from .services import api_key_touch


class ApiKeyAuthentication(authentication.BaseAuthentication):
    keyword = "Token"

    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Send the key as `Authorization: Token <key>`."))
        try:
            split = key_split(parts[1].decode())
        except UnicodeDecodeError:
            split = None
        api_key = api_key_get_active(prefix=split[0]) if split else None
        if api_key is None or not hasher.verify(split[1], api_key.hashed_secret):
            raise exceptions.AuthenticationFailed(_("The key is unknown or revoked."))
        if not api_key.user.is_active:
            raise exceptions.AuthenticationFailed(_("The key's user is not active."))
        api_key_touch(api_key=api_key)
        return api_key.user, api_key

    def authenticate_header(self, request) -> str:
        return self.keyword


class ApiKeyAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = ApiKeyAuthentication
    name = "ApiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token <key>`: a key created in Omnitron or with `manage.py create_api_key`.",
        }
