"""HTTP plumbing in front of every page: the load balancer's health check, the proxy headers,
text holding a NUL character, and the project's own error pages in every mode."""

import ipaddress
import logging
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import BadRequest, ImproperlyConfigured, PermissionDenied, SuspiciousOperation
from django.http import Http404, HttpResponseBadRequest, JsonResponse
from django.views.defaults import bad_request, page_not_found, server_error

from .views import health

HEALTH_PATH = "/health/"  # the `health` URL; answered here so no later middleware can refuse it
# Headers a proxy sets about the client. Only X-Forwarded-Proto and X-Forwarded-For are read;
# the rest are dropped too, so nothing later can be tricked by a client's copy of them.
FORWARDED_HEADERS = (
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "HTTP_FORWARDED",
)


class HealthCheckMiddleware:
    """Answer `GET /health/` before the HTTPS redirect and host validation.

    A load balancer probes each machine by address over plain HTTP (`http://10.0.0.5:8000/health/`):
    that host is not in ALLOWED_HOSTS and the scheme is not HTTPS, so the probe must be answered
    before `SecurityMiddleware` and `CommonMiddleware` look at either. Keep this middleware first.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == HEALTH_PATH and request.method in ("GET", "HEAD"):
            return health(request)
        return self.get_response(request)


@lru_cache(maxsize=8)
def _networks(addresses: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    try:
        return tuple(ipaddress.ip_network(address.strip()) for address in addresses)
    except ValueError as error:
        raise ImproperlyConfigured(f"TRUSTED_PROXY_IPS: {error}") from error


def is_trusted_proxy(address: str | None) -> bool:
    """Whether `address` is one of TRUSTED_PROXY_IPS (addresses or networks such as 10.0.0.0/8)."""
    networks = _networks(tuple(settings.TRUSTED_PROXY_IPS))
    if not address or not networks:
        return False
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_ip(request) -> str | None:
    """The client's address: the nearest untrusted hop of X-Forwarded-For when a trusted proxy
    sent the request, else the peer's own address (REMOTE_ADDR).

    Read from the right: each trusted proxy appends the address it saw, and anything to the left of
    the first untrusted one could have been written by the client.
    """
    peer = request.META.get("REMOTE_ADDR")
    if not is_trusted_proxy(peer):
        return peer
    for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        hop = hop.strip()
        if is_trusted_proxy(hop):
            continue
        try:
            return str(ipaddress.ip_address(hop))
        except ValueError:
            break
    return peer


class TrustedProxyMiddleware:
    """Drop the forwarded headers unless the request came from one of TRUSTED_PROXY_IPS.

    `SECURE_PROXY_SSL_HEADER` makes Django believe `X-Forwarded-Proto: https`, and gunicorn listens
    on every address: without this a client could send the header itself and pass as HTTPS.
    Sits before `SecurityMiddleware`, the first to ask `request.is_secure()`.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_trusted_proxy(request.META.get("REMOTE_ADDR")):
            for header in FORWARDED_HEADERS:
                request.META.pop(header, None)
        return self.get_response(request)


NUL = "\x00"


def holds_nul(values) -> bool:
    """Whether any key or value of a QueryDict holds a NUL character."""
    return any(NUL in key or any(NUL in value for value in items) for key, items in values.lists())


NUL_REFUSED = "Text may not contain NUL characters."


class RejectNulMiddleware:
    """Refuse a query string or form holding a NUL character with a 400 (SPEC rule 16).

    PostgreSQL cannot store or even compare such text (the driver raises before the query
    is sent), so a NUL in a list filter, a search or a form field would otherwise end in a
    500 on whichever page reads it first. A NUL in the path names no page or object: the
    URL converters and the admins' id lookups answer 404 for it before any query.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if holds_nul(request.GET) or (request.method == "POST" and holds_nul(request.POST)):
            if request.path.startswith("/api/"):  # the API's errors are {"code", "detail"} (docs/api.md)
                return JsonResponse({"code": "invalid", "detail": NUL_REFUSED, "errors": {}}, status=400)
            return HttpResponseBadRequest(NUL_REFUSED, content_type="text/plain")
        return self.get_response(request)


class OwnErrorPagesMiddleware:
    """Under DEBUG too, answer a missing page with 404.html, bad input with 400.html and a
    failure with 500.html.

    Without DEBUG, Django already renders them. With it (the demo runs so), Django shows its
    technical pages instead, which list the URL patterns and settings to whoever asks. The
    traceback of a failure still goes to the log, a suspicious request to Django's security
    log. A refusal (403) is left to Django, which renders 403.html in every mode.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # No URL pattern matched: Django answered before any view or process_exception ran.
        if settings.DEBUG and response.status_code == 404 and request.resolver_match is None:
            return page_not_found(request, Http404())
        return response

    def process_exception(self, request, exception):
        if not settings.DEBUG or isinstance(exception, PermissionDenied):
            return None
        if isinstance(exception, SuspiciousOperation):
            security = logging.getLogger(f"django.security.{exception.__class__.__name__}")
            security.error(str(exception), extra={"status_code": 400, "request": request})
        if isinstance(exception, BadRequest | SuspiciousOperation):
            return bad_request(request, exception)
        if isinstance(exception, Http404):
            return page_not_found(request, exception)
        logging.getLogger("django.request").error("Internal Server Error: %s", request.path, exc_info=exception)
        return server_error(request)
