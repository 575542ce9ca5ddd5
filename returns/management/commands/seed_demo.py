"""Load the demo: accounts, sellers, products, reasons and orders in every state.

Idempotent and deterministic: running it again changes nothing. `--orders N`
adds N more generated orders for load and scale work.
"""

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand

from returns.demo import demo_seed
from returns.demo_orders import bulk_orders_create


class Command(BaseCommand):
    help = "Create the demo accounts and orders (idempotent); --orders N adds N generated orders."

    def add_arguments(self, parser):
        parser.add_argument("--orders", type=int, default=0, help="Also bulk-create this many generated orders.")
        parser.add_argument("--batch-size", type=int, default=10000)

    def handle(self, *args, orders: int, batch_size: int, **options):
        created = demo_seed()
        self.stdout.write(self.style.SUCCESS("Demo data ready" + (" (created)" if created else " (already there)")))
        if orders:
            started = time.monotonic()
            bulk_orders_create(count=orders, batch_size=batch_size, progress=self.stdout.write)
            self.stdout.write(self.style.SUCCESS(f"Added {orders} orders in {time.monotonic() - started:.1f}s"))
            call_command("rebuild_figures", stdout=self.stdout)  # the bulk load bypassed the workflow
        self.stdout.write(
            "Demo accounts (password demo-pass-2026): owner, operator and viewer (Omnitron, /admin/), "
            "anatolia and bosphorus (Seller Center, /seller/), ayse and mehmet (store, /orders/)"
        )
