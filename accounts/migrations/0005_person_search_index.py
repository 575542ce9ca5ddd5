"""A trigram index on what a person is found by (`orders.search.person_key`), on PostgreSQL only.

The index is created here and not declared on the model: SQLite has no pg_trgm, and its
searches read the (small) table instead.
"""

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from orders.search import person_key

INDEX = "user_person_key_trgm"


def index() -> GinIndex:
    return GinIndex(OpClass(person_key(), name="gin_trgm_ops"), name=INDEX)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("accounts", "User"), index())


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("accounts", "User"), index())


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_user_preferred_language")]

    operations = [TrigramExtension(), migrations.RunPython(create, drop)]
