"""Returns made before shipments existed get one: a return still awaiting its decision is
awaiting shipment with a fresh ship-by date; a decided return that had a code counts as
received when it was decided (the old flow's Confirm stood for receipt), and its stock
is put back now unless the refund had already done it. A migration of its own: PostgreSQL
cannot alter a table in the transaction that wrote rows pointing at it.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import migrations
from django.db.models import F
from django.utils import timezone

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def shipments_backfill(apps, schema_editor):
    db = schema_editor.connection.alias
    Request = apps.get_model("returns", "CancellationRequest")
    PlanItem = apps.get_model("returns", "CancellationPlanItem")
    Shipment = apps.get_model("returns", "ReturnShipment")
    Product = apps.get_model("orders", "Product")
    now = timezone.now()
    ship_by = timezone.localdate() + timedelta(days=getattr(settings, "RETURN_SHIP_DAYS", 7))
    planned = set(PlanItem.objects.using(db).values_list("cancellation_request_id", flat=True))
    returns = Request.objects.using(db).filter(cancellation_type="refund").select_related("order_item")
    for request in returns.iterator():
        fields = {"cancellation_request": request, "carrier": "sandbox", "ship_by": ship_by, "created_at": now}
        if request.status == "waiting" and request.pk not in planned:
            fields["return_code"] = request.return_code or "RT-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))
        elif request.return_code and request.status in ("approved", "completed"):
            received = request.decided_at or now
            fields.update(return_code=request.return_code, status="received", received_at=received, restocked_at=now)
            if request.status == "approved":  # its refund completes later, and no longer restocks a return
                Product.objects.using(db).filter(pk=request.order_item.product_id).update(
                    stock=F("stock") + request.order_item.quantity
                )
        else:
            continue
        Shipment.objects.using(db).create(**fields)


class Migration(migrations.Migration):
    dependencies = [("returns", "0008_return_shipments")]

    operations = [migrations.RunPython(shipments_backfill, migrations.RunPython.noop)]
