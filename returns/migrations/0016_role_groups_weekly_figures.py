"""Omnitron Managers hold every permission of the marketplace apps: the roles learn the weekly figures' ones."""

from django.db import migrations

from accounts.roles import role_groups_sync


def groups_sync(apps, schema_editor):
    role_groups_sync(apps=apps, using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("returns", "0015_weekly_figures"), ("orders", "0008_weekly_figures")]

    operations = [migrations.RunPython(groups_sync, migrations.RunPython.noop)]
