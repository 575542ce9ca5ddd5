"""Trigram indexes for "contains" searches on order numbers and item SKUs, on PostgreSQL only
(see accounts 0005 for why they are not declared on the models)."""

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import migrations
from django.db.models import F

INDEXES = {
    "Order": GinIndex(OpClass(F("number"), name="gin_trgm_ops"), name="order_number_trgm"),
    "OrderItem": GinIndex(OpClass(F("sku"), name="gin_trgm_ops"), name="orderitem_sku_trgm"),
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for model, index in INDEXES.items():
            schema_editor.add_index(apps.get_model("orders", model), index)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for model, index in INDEXES.items():
            schema_editor.remove_index(apps.get_model("orders", model), index)


class Migration(migrations.Migration):
    dependencies = [("orders", "0006_daily_sales"), ("accounts", "0005_person_search_index")]

    operations = [migrations.RunPython(create, drop)]
