"""Omnitron Managers hold every permission of the marketplace apps: the roles learn the figures' ones."""

from django.db import migrations

from accounts.roles import role_groups_sync


def groups_sync(apps, schema_editor):
    role_groups_sync(apps=apps, using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("returns", "0013_request_withdrawn_email"), ("orders", "0006_daily_sales")]

    operations = [migrations.RunPython(groups_sync, migrations.RunPython.noop)]
