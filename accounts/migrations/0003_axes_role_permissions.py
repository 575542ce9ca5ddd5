"""Omnitron Manager sees and lifts sign-in lockouts: django-axes' view and delete permissions."""

from django.db import migrations

from accounts.roles import role_groups_sync


def groups_sync(apps, schema_editor):
    role_groups_sync(apps=apps, using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_role_groups"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [migrations.RunPython(groups_sync, migrations.RunPython.noop)]
