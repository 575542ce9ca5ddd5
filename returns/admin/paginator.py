import json

from django.core.paginator import Paginator
from django.db import connection
from django.utils.functional import cached_property

ESTIMATE_ABOVE = 10_000


class EstimatedCountPaginator(Paginator):
    """On PostgreSQL, large lists are paginated on the planner's row estimate instead of COUNT(*).

    Unfiltered, the table's statistics give it at once; filtered, EXPLAIN does. Below
    ESTIMATE_ABOVE rows the exact count is cheap, so it is used.
    """

    @cached_property
    def count(self) -> int:
        query = getattr(self.object_list, "query", None)
        if connection.vendor != "postgresql" or query is None:
            return super().count
        estimate = self._table_estimate(query) if not query.where else self._plan_estimate()
        return estimate if estimate > ESTIMATE_ABOVE else super().count

    def _table_estimate(self, query) -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE relname = %s", [query.model._meta.db_table])
            row = cursor.fetchone()
        return int(row[0]) if row else 0

    def _plan_estimate(self) -> int:
        sql, params = self.object_list.order_by().values("pk").query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
            plan = cursor.fetchone()[0]
        plan = json.loads(plan) if isinstance(plan, str) else plan
        return int(plan[0]["Plan"]["Plan Rows"])
