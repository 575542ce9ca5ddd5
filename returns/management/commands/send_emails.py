"""Send the queued emails once, or forever with --loop (safe to run several at once)."""

from django.core.management.base import BaseCommand

from returns.services import outbound_emails_send

from ._looping import StopAfterPass


class Command(BaseCommand):
    help = "Send the emails that workflow steps queued (request received, approved, rejected, refunded)."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Keep sending every --interval seconds.")
        parser.add_argument("--interval", type=float, default=2.0)
        parser.add_argument("--batch", type=int, default=100, help="Emails per transaction.")

    def handle(self, *args, loop: bool, interval: float, batch: int, **options):
        stop = StopAfterPass() if loop else None
        while True:
            sent = outbound_emails_send(limit=batch)
            if sent:
                self.stdout.write(f"send_emails: {sent} emails tried")
            if not loop or stop.requested:
                return
            if sent < batch:  # a full batch means more are waiting
                stop.sleep(interval)
