"""`{% fast_result_list cl %}` and `{% fast_list_filter cl spec %}`: change-list parts from `returns.admin.results`."""

from django import template
from django.contrib.admin.templatetags.admin_list import result_list
from django.template.loader import render_to_string

from ..admin.results import can_render_fast, list_filter_html, result_list_context

register = template.Library()


@register.simple_tag
def fast_result_list(cl):
    if not can_render_fast(cl):
        return render_to_string("admin/change_list_results.html", result_list(cl))
    return render_to_string("admin/fast_change_list_results.html", result_list_context(cl))


@register.simple_tag
def fast_list_filter(cl, spec):
    return list_filter_html(cl, spec)
