"""Omnitron Managers manage API keys (SPEC rule 14): the roles learn the API's permissions."""

from django.db import migrations

from accounts.roles import role_groups_sync


def groups_sync(apps, schema_editor):
    role_groups_sync(apps=apps, using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("api", "0001_initial"), ("accounts", "0004_user_preferred_language")]

    operations = [migrations.RunPython(groups_sync, migrations.RunPython.noop)]
