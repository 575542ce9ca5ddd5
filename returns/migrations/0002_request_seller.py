import django.db.models.deletion
from django.db import migrations, models


def copy_seller_from_item(apps, schema_editor):
    CancellationRequest = apps.get_model("returns", "CancellationRequest")
    OrderItem = apps.get_model("orders", "OrderItem")
    sellers = dict(
        OrderItem.objects.filter(cancellation_requests__isnull=False).values_list("pk", "seller_id").distinct()
    )
    for request in CancellationRequest.objects.only("pk", "order_item_id").iterator():
        CancellationRequest.objects.filter(pk=request.pk).update(seller_id=sellers[request.order_item_id])


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0002_seller_new_index"),
        ("returns", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="cancellationrequest",
            name="seller",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.PROTECT, related_name="cancellation_requests",
                to="orders.seller",
            ),
        ),
        migrations.RunPython(copy_seller_from_item, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="cancellationrequest",
            name="seller",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="cancellation_requests", to="orders.seller"
            ),
        ),
        migrations.AddIndex(
            model_name="cancellationrequest",
            index=models.Index(
                models.F("seller"), models.F("created_at").desc(), models.F("id").desc(), name="request_seller_new_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="cancellationrequest",
            index=models.Index(models.F("created_at").desc(), models.F("id").desc(), name="request_created_idx"),
        ),
    ]
