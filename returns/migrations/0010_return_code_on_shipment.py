"""The return code lives on the shipment now; the roles learn the shipments' permissions."""

from django.db import migrations

from accounts.roles import role_groups_sync


def groups_sync(apps, schema_editor):
    role_groups_sync(apps=apps, using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("returns", "0009_return_shipments_backfill"), ("accounts", "0003_axes_role_permissions")]

    operations = [
        migrations.RemoveField(model_name="cancellationrequest", name="return_code"),
        migrations.RunPython(groups_sync, migrations.RunPython.noop),
    ]
