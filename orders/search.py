"""Search that treats Turkish letters as Turkish readers expect: "ışık" finds "IŞIK", "ipek"
finds "İpek", and "ian" still finds "Ian".

Both sides are folded the same way: the four i's (I, İ, ı, i) become "i", then everything is
lower-cased. In SQL that is `LOWER(TRANSLATE(…))` on PostgreSQL (its `LOWER` maps Ş, Ç, Ö, Ü and
Ğ in a UTF-8 database) and a Python function registered on every SQLite connection, whose own
`LOWER` knows only ASCII.
"""

from django.db.backends.signals import connection_created
from django.db.models import Func, TextField, Value
from django.db.models.functions import Lower

I_LETTERS = "İIı"
FOLD = str.maketrans(dict.fromkeys(I_LETTERS, "i"))
SQLITE_FUNCTION = "search_fold"


def search_fold(text: str | None) -> str | None:
    """The form both a search term and the searched text are compared in."""
    return None if text is None else text.translate(FOLD).lower()


class SearchFold(Func):
    """`search_fold` of a column, in SQL."""

    output_field = TextField()

    def as_sql(self, compiler, connection, **extra_context):
        (expression,) = self.source_expressions
        translated = Func(expression, Value(I_LETTERS), Value("i" * len(I_LETTERS)), function="TRANSLATE")
        return compiler.compile(Lower(translated))

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function=SQLITE_FUNCTION, **extra_context)


def sqlite_function_register(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_FUNCTION, 1, search_fold, deterministic=True)


connection_created.connect(sqlite_function_register, dispatch_uid="orders.search.sqlite_function_register")
