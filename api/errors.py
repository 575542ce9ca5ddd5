"""Every error the API answers is `{"code", "detail"}` (validation adds `errors` by field).

Domain refusals keep the words the admin shows as messages and get a stable code each,
by the exception's class (`DOMAIN_ERRORS`, most specific first). Validation is 400, a
missing or bad key 401, a role that may not 403, another seller's object 404, a refusal
by the state of things 409, too many requests 429.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from orders import exceptions as orders_errors
from returns import exceptions as returns_errors

from . import exceptions as api_errors

# (exception class, code, HTTP status), the most specific class first.
DOMAIN_ERRORS = (
    (returns_errors.DuplicateRequestError, "request_already_open", status.HTTP_409_CONFLICT),
    (returns_errors.ReturnWindowClosedError, "window_closed", status.HTTP_409_CONFLICT),
    (returns_errors.ItemNotReturnableError, "not_returnable", status.HTTP_409_CONFLICT),
    (returns_errors.ItemNotCancellableError, "not_cancellable", status.HTTP_409_CONFLICT),
    (returns_errors.ItemNotFoundError, "item_not_found", status.HTTP_400_BAD_REQUEST),
    (returns_errors.NothingSelectedError, "nothing_selected", status.HTTP_400_BAD_REQUEST),
    (returns_errors.ReasonError, "invalid_reason", status.HTTP_400_BAD_REQUEST),
    (returns_errors.QuantityError, "invalid_quantity", status.HTTP_400_BAD_REQUEST),
    (returns_errors.ReturnNotReceivedError, "return_not_received", status.HTTP_409_CONFLICT),
    (returns_errors.RequestNotDecidableError, "not_decidable", status.HTTP_409_CONFLICT),
    (returns_errors.RequestNotWithdrawableError, "not_withdrawable", status.HTTP_409_CONFLICT),
    (returns_errors.TooManyRequestsError, "too_many_requests", status.HTTP_429_TOO_MANY_REQUESTS),
    (returns_errors.RefundAmountError, "refund_exceeds_payment", status.HTTP_409_CONFLICT),
    (returns_errors.PlanError, "plan_refused", status.HTTP_409_CONFLICT),
    (returns_errors.ShipmentError, "shipment_refused", status.HTTP_409_CONFLICT),
    (returns_errors.ReturnsError, "refused", status.HTTP_409_CONFLICT),
    (orders_errors.PackageTransitionError, "package_move_refused", status.HTTP_409_CONFLICT),
    (orders_errors.OrdersError, "refused", status.HTTP_409_CONFLICT),
    (api_errors.IdempotencyKeyReusedError, "idempotency_key_reused", status.HTTP_409_CONFLICT),
    (api_errors.IdempotencyInProgressError, "idempotency_in_progress", status.HTTP_409_CONFLICT),
    (api_errors.ApiError, "refused", status.HTTP_400_BAD_REQUEST),
)
DOMAIN_CODES = sorted({code for _error, code, _status in DOMAIN_ERRORS})


def domain_error(exc: Exception) -> tuple[str, int] | None:
    for error_class, code, http_status in DOMAIN_ERRORS:
        if isinstance(exc, error_class):
            return code, http_status
    return None


def error_response(code: str, detail: str, http_status: int, **extra) -> Response:
    return Response({"code": code, "detail": detail, **extra}, status=http_status)


def exception_handler(exc, context):
    """DRF's handler for its own exceptions (headers such as `Retry-After` included), reshaped."""
    if (found := domain_error(exc)) is not None:
        return error_response(found[0], str(exc), found[1])
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {"code": "invalid", "detail": _("The request is not valid."), "errors": response.data}
    else:
        code = exc.get_codes() if isinstance(exc.get_codes(), str) else exc.default_code
        response.data = {"code": code, "detail": str(exc.detail)}
    return response
