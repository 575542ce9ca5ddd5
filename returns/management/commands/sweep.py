"""Run the periodic sweeper once, or forever with --loop (safe to run several at once)."""

from django.core.management.base import BaseCommand

from returns.services import returns_sweep

from ._looping import StopAfterPass


class Command(BaseCommand):
    help = (
        "Confirm waiting cancellation plans, move return shipments (sandbox scans, expiry, overdue parcels), "
        "approve overdue returns, re-drive due refunds and webhook deliveries and close task rows whose worker died."
    )

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Keep sweeping every --interval seconds.")
        parser.add_argument("--interval", type=float, default=30.0)

    def handle(self, *args, loop: bool, interval: float, **options):
        stop = StopAfterPass() if loop else None
        while True:
            report = returns_sweep()
            if any(vars(report).values()):
                self.stdout.write(
                    f"sweep: {report.plans_confirmed} plans confirmed, {report.requests_approved} overdue "
                    f"requests approved, {report.lines_processed} refund lines processed, "
                    f"{report.tasks_failed} abandoned task rows marked failed, {report.scans_reported} sandbox "
                    f"scans reported, {report.returns_expired} returns expired, {report.parcels_flagged} parcels "
                    f"flagged overdue in transit, {report.webhooks_sent} webhook deliveries re-driven"
                )
            if not loop or stop.requested:
                return
            stop.sleep(interval)
