"""The sandbox gateway's ledger leaves `returns` for the `sandbox` app.

State: the model is removed here. Database: where the sandbox app is installed, the table
is left for `sandbox.0001_ledger`, which copies its rows into its own and drops it
(whichever of the two runs first), so an existing demo keeps its ledger; where it is not
(a real gateway), the sandbox rows are dropped with their table. Migrating back creates
the old table again, empty.
"""

from django.apps import apps as installed_apps
from django.db import migrations

OLD_TABLE = "returns_sandboxgatewayrefund"


def drop_unless_the_sandbox_takes_it(apps, schema_editor):
    if installed_apps.is_installed("sandbox"):
        return
    if OLD_TABLE in schema_editor.connection.introspection.table_names():
        schema_editor.delete_model(apps.get_model("returns", "SandboxGatewayRefund"))


def forget_its_permissions(apps, schema_editor):
    """The model's content type and permissions go with it (groups no longer hold them)."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.using(schema_editor.connection.alias).filter(
        app_label="returns", model="sandboxgatewayrefund"
    ).delete()


def recreate_if_missing(apps, schema_editor):
    if OLD_TABLE not in schema_editor.connection.introspection.table_names():
        schema_editor.create_model(apps.get_model("returns", "SandboxGatewayRefund"))


class Migration(migrations.Migration):
    dependencies = [
        ("returns", "0004_plan_needs_attention"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(drop_unless_the_sandbox_takes_it, recreate_if_missing),
        migrations.RunPython(forget_its_permissions, migrations.RunPython.noop),
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="SandboxGatewayRefund")],
            database_operations=[],
        ),
    ]
