"""Search that treats Turkish letters as Turkish readers expect: "ışık" finds "IŞIK", "ipek"
finds "İpek", "ayse" finds "Ayşe" (typed without Turkish letters), and "ian" still finds "Ian".

Both sides are folded the same way: the four i's (I, İ, ı, i) become "i", Ş Ç Ğ Ö Ü become
s c g o u, then everything is lower-cased. In SQL that is `LOWER(TRANSLATE(…))` on PostgreSQL
and a Python function registered on every SQLite connection, whose own `LOWER` knows only ASCII.

On PostgreSQL, trigram (pg_trgm) GIN indexes answer "contains" searches without reading
the table: on the order number, the item SKU, and `person_key` of a user (accounts and
orders migrations; none on SQLite).
"""

from django.db.backends.signals import connection_created
from django.db.models import Func, TextField, Value
from django.db.models.functions import Concat, Lower

FOLDED_FROM = "İIıŞşÇçĞğÖöÜü"
FOLDED_TO = "iiissccggoouu"
FOLD = str.maketrans(FOLDED_FROM, FOLDED_TO)
SQLITE_FUNCTION = "search_fold"


def search_fold(text: str | None) -> str | None:
    """The form both a search term and the searched text are compared in."""
    return None if text is None else text.translate(FOLD).lower()


class SearchFold(Func):
    """`search_fold` of a column, in SQL."""

    output_field = TextField()

    def as_sql(self, compiler, connection, **extra_context):
        (expression,) = self.source_expressions
        translated = Func(expression, Value(FOLDED_FROM), Value(FOLDED_TO), function="TRANSLATE")
        return compiler.compile(Lower(translated))

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function=SQLITE_FUNCTION, **extra_context)


def person_key() -> SearchFold:
    """What a person is found by: name, username and email, folded, in one text (indexed on PostgreSQL)."""
    space = Value(" ")
    parts = ("first_name", space, "last_name", space, "username", space, "email")
    return SearchFold(Concat(*parts, output_field=TextField()))


def sqlite_function_register(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_FUNCTION, 1, search_fold, deterministic=True)


connection_created.connect(sqlite_function_register, dispatch_uid="orders.search.sqlite_function_register")
