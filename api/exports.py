"""The plans' CSV export (`GET /api/v1/cancellation_plans/?format=csv`)."""

import csv
import io

from rest_framework.renderers import BaseRenderer

from .serializers import PlanSerializer

# The plan's own fields as the JSON list shows them; its items and refund lines become one cell.
PLAN_COLUMNS = tuple(name for name in PlanSerializer.Meta.fields if name not in ("items", "refund_lines", "note"))
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    """A cell a spreadsheet shows as text: a value that looks like a formula is quoted."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) and not _is_number(text) else text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


class PlanCsvRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        out = io.StringIO()
        writer = csv.writer(out)
        if not isinstance(data, list):  # an error ({"code", "detail"}): its fields, one row
            data = data if isinstance(data, dict) else {"detail": data}
            writer.writerow(list(data))
            writer.writerow([_cell(value) for value in data.values()])
            return out.getvalue().encode()
        writer.writerow([*PLAN_COLUMNS, "refund_lines"])
        for plan in data:
            lines = "; ".join(f"{line['amount']} {line['status']}" for line in plan["refund_lines"])
            writer.writerow([*(_cell(plan[column]) for column in PLAN_COLUMNS), _cell(lines)])
        return out.getvalue().encode()
