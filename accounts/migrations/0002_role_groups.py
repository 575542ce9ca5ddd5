"""The groups Omnitron Viewer, Omnitron Operator and Omnitron Manager, with their permissions.

`accounts.roles` holds the map. A later migration that adds permissions a role should
hold (django-axes' lockouts, API keys) depends on its app's migrations and calls
`role_groups_sync` again.
"""

from django.db import migrations

from accounts.roles import ROLES, role_groups_sync


def groups_create(apps, schema_editor):
    role_groups_sync(apps=apps, using=schema_editor.connection.alias)


def groups_delete(apps, schema_editor):
    apps.get_model("auth", "Group").objects.using(schema_editor.connection.alias).filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("django_fsm_log", "0004_auto_20190131_0341"),
        ("orders", "0003_orderitem_permissions"),
        ("returns", "0003_outbound_email"),
    ]

    operations = [migrations.RunPython(groups_create, groups_delete)]
