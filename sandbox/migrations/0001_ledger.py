"""The sandbox gateway's ledger, in its own app.

A database that had the ledger in `returns` keeps its rows: they are copied from the old
table, which is then dropped (see `returns.0005_sandbox_ledger_moves_out`). Migrating
back drops the sandbox's table: it is sandbox data.
"""

import django.utils.timezone
from django.db import migrations, models

OLD_TABLE = "returns_sandboxgatewayrefund"
COLUMNS = "idempotency_key, payment_reference, amount, reference, created_at"


def create_and_take_over(apps, schema_editor):
    model = apps.get_model("sandbox", "LedgerRefund")
    schema_editor.create_model(model)
    if OLD_TABLE in schema_editor.connection.introspection.table_names():
        new, old = schema_editor.quote_name(model._meta.db_table), schema_editor.quote_name(OLD_TABLE)
        schema_editor.execute(f"INSERT INTO {new} ({COLUMNS}) SELECT {COLUMNS} FROM {old} ORDER BY id")  # noqa: S608
        schema_editor.execute(schema_editor.sql_delete_table % {"table": old})


def drop(apps, schema_editor):
    schema_editor.delete_model(apps.get_model("sandbox", "LedgerRefund"))


class Migration(migrations.Migration):
    initial = True

    # Once the old table exists (or existed), so that it is never created after being taken over.
    dependencies = [
        ("returns", "0004_plan_needs_attention"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="LedgerRefund",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("idempotency_key", models.CharField(max_length=64, unique=True)),
                        ("payment_reference", models.CharField(db_index=True, max_length=64)),
                        ("amount", models.DecimalField(decimal_places=2, max_digits=12)),
                        ("reference", models.CharField(max_length=64, unique=True)),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                    ],
                    options={"ordering": ["id"]},
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(create_and_take_over, drop),
    ]
