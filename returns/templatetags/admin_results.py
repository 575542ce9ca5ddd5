"""Admin page parts written in Python, as template tags:

- `{% fast_result_list cl %}` and `{% fast_list_filter cl spec %}` (`returns.admin.results`);
- `{% fast_app_list app_list show_changelinks %}` (`returns.admin.app_list`);
- `{% fast_media media "js" %}` (`returns.admin.media`).
"""

from django import template
from django.contrib.admin.templatetags.admin_list import result_list
from django.template.loader import render_to_string
from django.utils.csp import CONTEXT_KEY as CSP_NONCE

from ..admin.app_list import app_list_html
from ..admin.media import media_html
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


@register.simple_tag(takes_context=True)
def fast_app_list(context, app_list, show_changelinks):
    return app_list_html(app_list, context["request"].path, bool(show_changelinks))


@register.simple_tag(takes_context=True)
def fast_media(context, media, kind):
    return media_html(media, kind, context.get(CSP_NONCE))
