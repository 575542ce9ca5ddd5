"""The one boundary to parcel carriers, as `payments.py` is to the payment gateway.

A carrier issues the return code of a new return, gives a parcel's tracking link, and
reports scans of the parcel: a real carrier by calling our webhook
(`/carriers/<carrier>/webhook/`) with a signed JSON body, the sandbox carrier by itself
a little after the customer's I Have Shipped It. `parse_scan()` checks and reads a
webhook call; it raises `SignatureError` (answer 403, change nothing) or
`MalformedScanError` (answer 400). What a scan does to the shipment is the services'
business (`services.shipments.return_shipment_record_scan`).

Webhook calls carry two headers: `X-Carrier-Timestamp` (Unix seconds) and
`X-Carrier-Signature: sha256=<hex>`, the HMAC-SHA256 of `<timestamp>.<body>` under the
carrier's WEBHOOK_SECRET. The body is one scan:
`{"id", "return_code", "kind": "in_transit"|"delivered"|"lost", "time" (ISO 8601 with
offset), "location"?, "description"?}`.
"""

import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from .choices import ScanKind

TIMESTAMP_HEADER = "X-Carrier-Timestamp"
SIGNATURE_HEADER = "X-Carrier-Signature"
RETURN_CODE_PREFIX = "RT-"
# No 0/O, 1/I/L: a code read out at a carrier's counter is typed back right.
RETURN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
RETURN_CODE_LENGTH = 10  # 31^10: about 8e14 codes, not guessable from one another


class CarrierError(Exception):
    pass


class UnknownCarrierError(CarrierError):
    """No carrier of that name is configured (RETURN_CARRIERS)."""


class SignatureError(CarrierError):
    """The call is not from the carrier: signature missing or wrong, or its timestamp stale."""


class MalformedScanError(CarrierError):
    """The call is signed but its body is not a scan we can read."""


@dataclass(frozen=True)
class CarrierScan:
    """A scan as a carrier reported it, in our words."""

    scan_id: str
    return_code: str
    kind: str  # a ScanKind
    scanned_at: datetime
    location: str = ""
    description: str = ""


def return_code_generate() -> str:
    return RETURN_CODE_PREFIX + "".join(secrets.choice(RETURN_CODE_ALPHABET) for _ in range(RETURN_CODE_LENGTH))


class SignedJsonCarrier:
    """A carrier that reports one scan per webhook call, as JSON signed with HMAC-SHA256.

    A real carrier whose scans say things in its own words subclasses this and overrides
    `read_scan`; one that signs differently overrides `verify`.
    """

    def __init__(self, code: str, config: dict):
        self.code = code
        self.name = config.get("NAME", code)
        self.tracking_url_template = config.get("TRACKING_URL", "")
        self.webhook_secret = config.get("WEBHOOK_SECRET", "")

    def __str__(self) -> str:
        return self.name

    def issue_return_code(self) -> str:
        return return_code_generate()

    def tracking_url(self, *, return_code: str, tracking_number: str = "") -> str:
        """The parcel's page at the carrier (the return code tracks it when there is no tracking number)."""
        if not self.tracking_url_template:
            return ""
        return self.tracking_url_template.format(
            tracking_number=tracking_number or return_code, return_code=return_code
        )

    # Reading scans ----------------------------------------------------------------------------

    def sign(self, *, body: bytes, timestamp: int) -> str:
        secret = self.webhook_secret.encode()
        return "sha256=" + hmac.new(secret, f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()

    def verify(self, *, body: bytes, timestamp: str | None, signature: str | None, now: float | None = None) -> None:
        """Raise SignatureError unless the call was signed with our secret within the tolerance."""
        if not self.webhook_secret:
            raise SignatureError(_("No webhook secret is configured for this carrier."))
        if not timestamp or not signature or not timestamp.isascii() or not timestamp.isdigit():
            raise SignatureError(_("The call is not signed."))
        now = time.time() if now is None else now
        if abs(now - int(timestamp)) > settings.CARRIER_WEBHOOK_TOLERANCE_SECONDS:
            raise SignatureError(_("The call's timestamp is too far from our clock."))
        if not hmac.compare_digest(self.sign(body=body, timestamp=int(timestamp)), signature.strip()):
            raise SignatureError(_("The call's signature does not match."))

    def parse_scan(
        self, *, body: bytes, timestamp: str | None, signature: str | None, now: float | None = None
    ) -> CarrierScan:
        """Verify a webhook call and read its scan (SignatureError first: an unsigned body is not read)."""
        self.verify(body=body, timestamp=timestamp, signature=signature, now=now)
        try:
            data = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as error:
            raise MalformedScanError(_("The body is not JSON.")) from error
        if not isinstance(data, dict):
            raise MalformedScanError(_("The body is not a scan."))
        return self.read_scan(data)

    def read_scan(self, data: dict) -> CarrierScan:
        scan_id = _text(data, "id", max_length=100, required=True)
        return_code = _text(data, "return_code", max_length=20, required=True)
        kind = _text(data, "kind", max_length=20, required=True)
        if kind not in ScanKind.values:
            raise MalformedScanError(_("Unknown scan kind."))
        try:
            scanned_at = datetime.fromisoformat(_text(data, "time", max_length=40, required=True))
        except ValueError as error:
            raise MalformedScanError(_("The scan's time is not an ISO 8601 time.")) from error
        if scanned_at.tzinfo is None:
            raise MalformedScanError(_("The scan's time has no offset."))
        return CarrierScan(
            scan_id=scan_id,
            return_code=return_code.upper(),
            kind=kind,
            scanned_at=scanned_at,
            location=_text(data, "location", max_length=200),
            description=_text(data, "description", max_length=500),
        )

    # What carriers that report by themselves do (the sandbox); a real carrier calls the webhook.

    def handed_over(self, *, shipment_id: int, shipped_at: datetime) -> None:
        """The customer said they handed the parcel over (after the commit of I Have Shipped It)."""

    def report_due_scans(self, *, now: datetime) -> int:
        """Report scans that are due by now; the sweeper asks every carrier. Returns how many."""
        return 0


def _text(data: dict, key: str, *, max_length: int, required: bool = False) -> str:
    value = data.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str) or "\x00" in value:
        raise MalformedScanError(_("“%(key)s” must be a string.") % {"key": key})
    value = value.strip()
    if required and not value:
        raise MalformedScanError(_("“%(key)s” is required.") % {"key": key})
    if len(value) > max_length and required:
        raise MalformedScanError(_("“%(key)s” is too long.") % {"key": key})
    return value[:max_length]


@cache
def get(code: str) -> SignedJsonCarrier:
    """The configured carrier of that name (a key of RETURN_CARRIERS)."""
    config = settings.RETURN_CARRIERS.get(code)
    if config is None:
        raise UnknownCarrierError(code)
    return import_string(config["BACKEND"])(code, config)


def for_new_returns() -> SignedJsonCarrier:
    return get(settings.RETURN_CARRIER)


def configured() -> list[SignedJsonCarrier]:
    return [get(code) for code in settings.RETURN_CARRIERS]


def reset() -> None:
    """Forget the configured carriers (after settings change, in tests)."""
    get.cache_clear()
