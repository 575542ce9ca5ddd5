"""A sandbox carrier that plays the courier by itself, so the demo flows with nobody doing it.

IN_TRANSIT_SECONDS after the customer's I Have Shipped It it reports the parcel in
transit, DELIVERED_SECONDS after it delivered to the seller. Each report is a signed
webhook body read back through `parse_scan`, the path a real carrier's call takes, and
recorded by the same service. Reports are Django tasks deferred to their time when the
task backend can defer (django-tasks-db); the sweeper reports whatever is due as well,
so a lost task, or a backend that cannot defer, only delays a scan until the next sweep.
Scan ids are derived from the return code and the kind, so the task and the sweeper
never record one twice. The sandbox's courier carries only parcels handed over while it
runs: one shipped more than REPORT_WINDOW before its scan was due is left to the people
(Mark as Received), so the demo's parcels seeded days ago stay where the demo put them.
"""

import json
import time
from datetime import datetime, timedelta

from django.tasks import default_task_backend
from django.utils import timezone
from django.utils.crypto import salted_hmac

from returns.carriers import SIGNATURE_HEADER, TIMESTAMP_HEADER, SignedJsonCarrier
from returns.choices import ReturnShipmentStatus, ScanKind
from returns.models import ReturnShipment

REPORT_WINDOW = timedelta(hours=1)
LOCATIONS = {ScanKind.IN_TRANSIT: "Sandbox Cargo hub", ScanKind.DELIVERED: "Seller's warehouse"}
DESCRIPTIONS = {
    ScanKind.IN_TRANSIT: "Accepted at the branch, on its way",
    ScanKind.DELIVERED: "Delivered to the seller",
}


class SandboxCarrier(SignedJsonCarrier):
    def __init__(self, code: str, config: dict):
        super().__init__(code, config)
        if not self.webhook_secret:
            key = salted_hmac("sandbox.carrier", "webhook", algorithm="sha256")
            self.webhook_secret = key.hexdigest()
        self.delays = {
            ScanKind.IN_TRANSIT: timedelta(seconds=int(config.get("IN_TRANSIT_SECONDS", 20))),
            ScanKind.DELIVERED: timedelta(seconds=int(config.get("DELIVERED_SECONDS", 90))),
        }

    def handed_over(self, *, shipment_id: int, shipped_at: datetime) -> None:
        from returns import tasks

        if not default_task_backend.supports_defer:
            return  # the sweeper reports the scans when they are due
        for kind, delay in self.delays.items():
            tasks.report_sandbox_scan.using(run_after=shipped_at + delay).enqueue(
                carrier=self.code, shipment_id=shipment_id, kind=kind
            )

    def report_due_scans(self, *, now: datetime) -> int:
        reported = 0
        for kind, delay in self.delays.items():
            due = (
                ReturnShipment.objects.filter(
                    carrier=self.code,
                    status=ReturnShipmentStatus.IN_TRANSIT,
                    shipped_at__lte=now - delay,
                    shipped_at__gt=now - delay - REPORT_WINDOW,
                )
                .exclude(scans__kind=kind)
                .order_by("shipped_at", "pk")
                .values_list("pk", flat=True)[:500]
            )
            reported += sum(self.report(shipment_id=pk, kind=kind, now=now) for pk in list(due))
        return reported

    def report(self, *, shipment_id: int, kind: str, now: datetime | None = None) -> bool:
        """Report one scan of a parcel in transit, as the carrier would call our webhook."""
        from returns.services import return_shipment_record_scan

        now = now or timezone.now()
        shipment = ReturnShipment.objects.filter(pk=shipment_id, carrier=self.code).first()
        if shipment is None or shipment.status != ReturnShipmentStatus.IN_TRANSIT:
            return False  # received by the seller meanwhile, or lost: nothing left to report
        if shipment.shipped_at + self.delays[kind] + REPORT_WINDOW < now:
            return False  # handed over long before: not a parcel of this run of the sandbox
        body, headers = self.webhook_call(
            scan_id=f"SBX-{shipment.return_code}-{kind}",
            return_code=shipment.return_code,
            kind=kind,
            when=shipment.shipped_at + self.delays[kind],  # when the courier would have scanned it
        )
        scan = self.parse_scan(body=body, timestamp=headers[TIMESTAMP_HEADER], signature=headers[SIGNATURE_HEADER])
        return return_shipment_record_scan(carrier=self.code, scan=scan).created

    def webhook_call(self, *, scan_id: str, return_code: str, kind: str, when: datetime | None = None):
        """The body and headers of the webhook call reporting one scan (also what tests send)."""
        scan = {
            "id": scan_id,
            "return_code": return_code,
            "kind": kind,
            "time": (when or timezone.now()).isoformat(),
            "location": LOCATIONS.get(kind, ""),
            "description": DESCRIPTIONS.get(kind, ""),
        }
        body = json.dumps(scan).encode()
        timestamp = int(time.time())
        return body, {TIMESTAMP_HEADER: str(timestamp), SIGNATURE_HEADER: self.sign(body=body, timestamp=timestamp)}
