"""Webhooks (SPEC section 8): Viewers read subscriptions and the delivery log, Operators also send
deliveries again, Managers manage subscriptions: the roles learn the new permissions."""

from django.db import migrations

from accounts.roles import role_groups_sync


def groups_sync(apps, schema_editor):
    role_groups_sync(apps=apps, using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("api", "0004_webhooks")]

    operations = [migrations.RunPython(groups_sync, migrations.RunPython.noop)]
