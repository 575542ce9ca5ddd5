"""`{% history_of inline_admin_formset as entries %}`: an object's History section as people read it."""

from django import template

from ..common.history import HistoryEntry, history_entries

register = template.Library()


@register.simple_tag
def history_of(inline_admin_formset) -> list[HistoryEntry]:
    """The entries of a `HistoryInline`'s rows (already read, with who acted)."""
    return history_entries(form.instance for form in inline_admin_formset.formset.forms)
