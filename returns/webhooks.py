"""The carriers' webhook: a carrier reports a scan of a return's parcel (signed; see `returns.carriers`).

Answers: 200 with what happened (recorded, or a duplicate of a scan id seen before);
403 for a missing or wrong signature or a stale timestamp, 400 for a body that is not a
scan or names a return code we never issued with this carrier, 404 for an unknown
carrier. Only a 200 changed anything, and only once per scan id.
"""

from django.http import Http404, HttpRequest, JsonResponse, RawPostDataException
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import carriers
from .exceptions import UnknownReturnCodeError
from .services import return_shipment_record_scan


@csrf_exempt  # carriers sign their calls instead (HMAC over the timestamp and the body)
@require_POST
def carrier_webhook(request: HttpRequest, carrier: str) -> JsonResponse:
    try:
        boundary = carriers.get(carrier)
    except carriers.UnknownCarrierError:
        raise Http404 from None
    try:
        body = request.body
    except RawPostDataException:  # a form post that a middleware already parsed: not a carrier's signed JSON
        body = b""
    try:
        scan = boundary.parse_scan(
            body=body,
            timestamp=request.headers.get(carriers.TIMESTAMP_HEADER),
            signature=request.headers.get(carriers.SIGNATURE_HEADER),
        )
    except carriers.SignatureError as error:
        return _error(403, "bad_signature", error)
    except carriers.MalformedScanError as error:
        return _error(400, "malformed_scan", error)
    try:
        recorded = return_shipment_record_scan(carrier=boundary.code, scan=scan)
    except UnknownReturnCodeError as error:
        return _error(400, "unknown_return_code", error)
    return JsonResponse(
        {
            "scan": recorded.scan.scan_id,
            "result": "recorded" if recorded.created else "duplicate",
            "applied": recorded.scan.applied,
        }
    )


def _error(status: int, code: str, error: Exception) -> JsonResponse:
    return JsonResponse({"code": code, "detail": str(error)}, status=status)
