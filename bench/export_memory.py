"""Peak memory and speed of a CSV export: `seed N` makes N requests, `measure [STATUS]` exports them.

    DATABASE_URL=postgres://... python bench/export_memory.py seed 1000000 10000
    DATABASE_URL=postgres://... python bench/export_memory.py measure rejected   # the 10,000
    DATABASE_URL=postgres://... python bench/export_memory.py measure            # all 1,000,000

`seed TOTAL REJECTED` writes TOTAL Cancellation/Return Requests in SQL (one order line each,
REJECTED of them rejected, the rest completed). `measure` signs an owner in, asks Omnitron's
"Export all matching" of the Cancellation/Return Requests list (filtered to a status, or not)
through Django's whole stack in this process, reads the stream to the end, and prints JSON:
rows, bytes, seconds, rows per second, and the process's resident memory before the request
and at its peak (`getrusage`'s ru_maxrss). Run each measurement in a fresh process.
"""

import json
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sellercenter.settings.base")
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-secret-key-" + "e" * 40)
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")

import django

django.setup()

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

USERNAME = "export-bench-owner"


def rss_kib() -> int:
    """The resident set size now, from /proc (KiB)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def peak_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def seed(total: int, rejected: int) -> dict:
    """One customer, seller, product, reason; `total` orders of one line with one request each."""
    from orders.models import Product, Seller
    from returns.models import CancellationReason

    user = get_user_model().objects.create_superuser(USERNAME, "bench@example.com", "x")
    seller = Seller.objects.create(name="Export Bench Textiles", slug="export-bench")
    product = Product.objects.create(seller=seller, sku="EXPORT-1", name="Linen shirt", price="1079.00", stock=0)
    reason = CancellationReason.objects.create(subject="Does not fit", cancellation_type="refund")
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            """
            CREATE TEMP TABLE bench_n AS SELECT n FROM generate_series(1, %(total)s) AS n;
            INSERT INTO orders_order (number, customer_id, created_at, status, has_open_request, currency,
                                      subtotal, discount_total, shipping_total, total, shipping_address,
                                      billing_address)
            SELECT 'X' || lpad(n::text, 11, '0'), %(user)s, now() - (n || ' minutes')::interval, 'returned',
                   false, 'TRY', 1079, 0, 0, 1079, 'Bench Street 1', 'Bench Street 1'
            FROM bench_n;
            INSERT INTO orders_package (order_id, seller_id, status, carrier, tracking_number, created_at)
            SELECT id, %(seller)s, 'delivered', '', '', created_at FROM orders_order WHERE number LIKE 'X%%';
            INSERT INTO orders_orderitem (order_id, package_id, product_id, seller_id, product_name, sku, unit_price,
                                          quantity, discount_share, status, status_before_request)
            SELECT p.order_id, p.id, %(product)s, %(seller)s, 'Linen shirt', 'EXPORT-1', 1079, 1, 0, 'returned',
                   'delivered'
            FROM orders_package p WHERE p.seller_id = %(seller)s;
            INSERT INTO returns_cancellationrequest (order_id, order_item_id, seller_id, cancellation_type, reason_id,
                                                     description, quantity, status, origin, created_by_id, created_at,
                                                     decided_at, rejection_note, approved_without_return)
            SELECT i.order_id, i.id, %(seller)s, 'refund', %(reason)s, '', 1,
                   CASE WHEN row_number() OVER (ORDER BY i.id) <= %(rejected)s THEN 'rejected' ELSE 'completed' END,
                   'customer', %(user)s, o.created_at, o.created_at + interval '1 day', '', false
            FROM orders_orderitem i JOIN orders_order o ON o.id = i.order_id WHERE i.seller_id = %(seller)s;
            """,
            {
                "total": total,
                "rejected": rejected,
                "user": user.pk,
                "seller": seller.pk,
                "product": product.pk,
                "reason": reason.pk,
            },
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"requests": total, "rejected": rejected, "seconds": round(time.perf_counter() - started, 1)}


def measure(status: str | None) -> dict:
    client = Client()
    client.force_login(get_user_model().objects.get(username=USERNAME))
    query = {"status__exact": status} if status else {}
    before = rss_kib()
    started = time.perf_counter()
    response = client.get(reverse("admin:returns_cancellationrequest_export"), query, secure=True)
    rows = size = 0
    for piece in response.streaming_content:
        rows += piece.count(b"\n")
        size += len(piece)
    seconds = time.perf_counter() - started
    return {
        "filter": status or "none",
        "status": response.status_code,
        "rows": rows - 1,  # the header
        "megabytes": round(size / 1e6, 1),
        "seconds": round(seconds, 1),
        "rows_per_second": round((rows - 1) / seconds),
        "rss_before_mib": round(before / 1024, 1),
        "peak_rss_mib": round(peak_kib() / 1024, 1),
    }


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    if command == "seed":
        print(json.dumps(seed(int(args[0]), int(args[1]))))
    elif command == "measure":
        print(json.dumps(measure(args[0] if args else None)))
    else:
        raise SystemExit(__doc__)
