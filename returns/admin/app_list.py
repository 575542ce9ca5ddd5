"""The admin's list of apps and models (index page and navigation sidebar), written in Python.

Every Omnitron and Seller Center page shows the sidebar, and rendering
`admin/app_list.html` through the template engine costs about 4 million instructions
a page, as much as the login check itself. This gives the same HTML from the same
`app_list` that `AdminSite.get_app_list` builds.
"""

from urllib.parse import quote

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from ..rendering import conditional_esc, esc


def app_list_html(app_list, request_path: str, show_changelinks: bool) -> SafeString:
    if not app_list:
        return mark_safe(f"<p>{esc(_('You don’t have permission to view or edit anything.'))}</p>")  # noqa: S308
    path = quote(request_path, safe="/")  # the `urlencode` filter the template applies
    labels = {
        "model": esc(_("Model name")),
        "add_link": esc(_("Add link")),
        "change_link": esc(_("Change or view list link")),
        "add": esc(_("Add")),
        "view": esc(_("View")),
        "change": esc(_("Change")),
    }
    apps = []
    for app in app_list:
        label = conditional_esc(app["app_label"])
        current = " current-app" if app["app_url"] in path else ""
        rows = "".join(_model_row(label, model, path, show_changelinks, labels) for model in app["models"])
        apps.append(
            f'<div class="app-{label} module{current}"><table><caption>'
            f'<a href="{conditional_esc(app["app_url"])}" class="section">{conditional_esc(app["name"])}</a>'
            f'</caption><thead class="visually-hidden"><tr><th scope="col">{labels["model"]}</th>'
            f'<th scope="col">{labels["add_link"]}</th><th scope="col">{labels["change_link"]}</th></tr></thead>'
            f"{rows}</table></div>"
        )
    return mark_safe("".join(apps))  # noqa: S308 - every value is escaped above


def _model_row(app_label: str, model: dict, path: str, show_changelinks: bool, labels: dict) -> str:
    name = conditional_esc(model["name"])
    model_name = conditional_esc(model["object_name"].lower())
    row_id = f"{app_label}-{model_name}"
    admin_url = model["admin_url"]
    current = bool(admin_url) and admin_url in path
    if admin_url:
        page = ' aria-current="page"' if current else ""
        heading = f'<a href="{conditional_esc(admin_url)}"{page}>{name}</a>'
    else:
        heading = name
    if model["add_url"]:
        add = f'<td><a href="{conditional_esc(model["add_url"])}" class="addlink" aria-describedby="{row_id}">'
        add += f"{labels['add']}</a></td>"
    else:
        add = "<td></td>"
    change = ""
    if admin_url and show_changelinks:
        kind = "view" if model.get("view_only") else "change"
        change = (
            f'<td><a href="{conditional_esc(admin_url)}" class="{kind}link" aria-describedby="{row_id}">'
            f"{labels[kind]}</a></td>"
        )
    elif show_changelinks:
        change = "<td></td>"
    return (
        f'<tr class="model-{model_name}{" current-model" if current else ""}">'
        f'<th scope="row" id="{row_id}">{heading}</th>{add}{change}</tr>'
    )
