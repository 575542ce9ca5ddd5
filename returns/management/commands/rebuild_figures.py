"""Work out Returns Analytics' daily figures and the daily sales again from the raw rows."""

from django.core.management.base import BaseCommand

from orders.figures import daily_sales_rebuild
from returns.figures import figures_rebuild


class Command(BaseCommand):
    help = (
        "Rebuild the daily sales and daily return figures Returns Analytics reads from the orders, "
        "requests and plans (after a bulk load, or to repair them); the workflow keeps them up to date."
    )

    def handle(self, *args, **options):
        sales = daily_sales_rebuild()
        figures = figures_rebuild()
        self.stdout.write(f"rebuilt {sales} daily sales rows and {figures} daily return figures rows")
