"""Pieces of every back-office screen: list paging, read-only pages and inlines, 404s for
other people's objects, custom admin pages and bulk-action confirmations."""

import json
from collections.abc import Callable
from functools import cache

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import BadRequest, FieldDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Choices
from django.http import Http404
from django.template.loader import get_template
from django.template.response import TemplateResponse
from django.urls import get_script_prefix
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django_fsm_log.admin import StateLogInline

from orders.choices import labels_in
from orders.templatetags.money import money
from returns.exceptions import ReturnsError

# Lists ------------------------------------------------------------------------------------------

ESTIMATE_ABOVE = 10_000
ACTION_CHECKBOX_TEMPLATE = "admin/includes/action_checkbox.html"


def money_column(model, field: str, *, currency: Callable[[object], str]):
    """An admin column (or read-only field) showing the amount `field` of `model` the one way every
    page shows money (the `money` filter: 1,079.00 TRY in English, 1.079,00 TL in Turkish), in the
    currency `currency(obj)` names; titled and sorted like the model's own field."""

    @admin.display(description=model._meta.get_field(field).verbose_name, ordering=field)
    def column(modeladmin, obj):
        return money(getattr(obj, field), currency(obj))

    return column


def choice_column(model, field: str, choices: type[Choices]):
    """An admin column showing the label of the field `field` of `model` (its choices `choices`),
    as Django shows a field with choices (titled, sorted and classed by the field's name; the
    empty value for a value that is none of the choices), its labels translated once per
    language instead of once per row."""

    @admin.display(description=model._meta.get_field(field).verbose_name, ordering=field)
    def column(obj):
        return labels_in(choices, get_language()).get(getattr(obj, field))

    column.__name__ = field
    return column


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
        if not query.where:
            estimate = self._table_estimate(query)
            return estimate if estimate > ESTIMATE_ABOVE else super().count
        # Filtered: the rows' SQL, compiled once (a search's can be long), is planned and, when
        # the plan expects few rows, counted.
        sql, params = self.object_list.order_by().values("pk").query.sql_with_params()
        estimate = self._plan_estimate(sql, params)
        return estimate if estimate > ESTIMATE_ABOVE else self._exact_count(sql, params)

    def _table_estimate(self, query) -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE relname = %s", [query.model._meta.db_table])
            row = cursor.fetchone()
        return int(row[0]) if row else 0

    def _exact_count(self, sql: str, params) -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM ({sql}) AS matching", params)  # noqa: S608 (Django's own SQL)
            return cursor.fetchone()[0]

    def _plan_estimate(self, sql: str, params) -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
            plan = cursor.fetchone()[0]
        plan = json.loads(plan) if isinstance(plan, str) else plan
        return int(plan[0]["Plan"]["Plan Rows"])


class ListColumnsChangeList(ChangeList):
    """A change list whose rows read only the columns its admin's `list_only` names: what the
    columns, the rows' checkboxes and the models' own loading read, and nothing more; and the
    values its `list_values` names as columns of the rows, not as related objects."""

    def get_queryset(self, request, exclude_parameters=None):
        rows = super().get_queryset(request, exclude_parameters).only(*self.model_admin.list_only)
        return rows.annotate(**self.model_admin.list_values)


class StrictInputMixin:
    """Bad input to an admin's pages is a 400, an action the user may not run a 403 (SPEC rules 14, 16).

    Django sends a list whose filter values it cannot use to `?e=1`, shows the list again
    when an action is not the user's to run, and fails with a 500 on an id in
    `_selected_action` that is no id of the model and on an empty `_to_field`.
    """

    def get_object(self, request, object_id, from_field=None):
        try:
            return super().get_object(request, object_id, from_field)
        except FieldDoesNotExist as error:  # `?_to_field=` names no field
            raise BadRequest(_("No such field.")) from error

    def get_changelist_instance(self, request):
        try:
            return super().get_changelist_instance(request)
        except IncorrectLookupParameters as error:
            raise BadRequest(_("These filters cannot be used.")) from error

    def changelist_view(self, request, extra_context=None):
        if request.method == "POST":
            self.check_action(request)
        return super().changelist_view(request, extra_context)

    def check_action(self, request) -> None:
        """Refuse an action this admin has but the user may not run, and ids that are no ids."""
        declared = {action if isinstance(action, str) else action.__name__ for action in self.actions or ()}
        declared |= {name for name, _action in self.admin_site.actions}
        posted = set(request.POST.getlist("action")) & declared
        if posted - set(self.get_actions(request)):
            raise PermissionDenied
        try:
            for value in request.POST.getlist(helpers.ACTION_CHECKBOX_NAME):
                self.opts.pk.to_python(value)
        except ValidationError as error:
            raise BadRequest(_("The selected ids are not valid.")) from error


class ListPageMixin(StrictInputMixin):
    """Change lists of 25 rows, paged on an estimated count, with no second count of the whole table
    and no counts beside the filters' choices (each would be a count of the whole table)."""

    list_per_page = 25
    paginator = EstimatedCountPaginator
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    list_only: tuple[str, ...] = ()  # the fields the rows read, when fewer than the models have
    list_values: dict = {}  # with list_only: values of related rows a column shows, by name

    def get_changelist(self, request, **kwargs):
        return ListColumnsChangeList if self.list_only else super().get_changelist(request, **kwargs)

    def get_empty_value_display(self):
        """The site's, marked safe as Django marks it; every cell asks for it, so it is found
        without the AttributeError Django's lookup raises and catches and without `mark_safe`'s
        check of its argument for lazy text."""
        return SafeString(self.admin_site.empty_value_display)

    def action_checkbox(self, obj):
        """Django's checkbox of a row (the same input, name, value and label), from one template:
        the widget's are three, each including the next, and cost a page of 25 rows more than
        any of its columns."""
        context = {
            "name": helpers.ACTION_CHECKBOX_NAME,
            "value": str(obj.pk),
            "label": format_html(select_label_in(get_language()), str(obj)),
        }
        return action_checkbox_template().render(context)


@cache
def action_checkbox_template():
    return get_template(ACTION_CHECKBOX_TEMPLATE)


@cache
def select_label_in(language: str | None) -> str:
    """A row checkbox's label in `language`, which is the active one: translated once per language."""
    return _("Select this object for an action - {}")


class ReadOnlyAdminMixin(ListPageMixin):
    """History pages: nothing is added, edited or deleted by hand; workflows use their own views."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class NotFoundForOthersMixin:
    """A change page for an object outside `get_queryset` is a 404 (not a redirect).

    `object_select_related` names what a change page shows beside the object, joined
    when the object is fetched and not on the change list.
    """

    object_select_related: tuple[str, ...] = ()

    def get_object(self, request, object_id, from_field=None):
        if not self.object_select_related:
            return super().get_object(request, object_id, from_field)
        queryset = self.get_queryset(request).select_related(*self.object_select_related)
        try:
            return queryset.get(pk=object_id)
        except (self.model.DoesNotExist, ValueError, ValidationError):
            return None

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if self.get_object(request, object_id) is None:
            raise Http404
        return super().change_view(request, object_id, form_url, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        if self.get_object(request, object_id) is None:
            raise Http404
        return super().history_view(request, object_id, extra_context)

    def get_object_or_404(self, request, object_id):
        obj = self.get_object(request, object_id)
        if obj is None:
            raise Http404
        return obj


# Inlines ----------------------------------------------------------------------------------------


class HistoryInline(StateLogInline):
    """Every transition of the object, newest first, as people read it (`common.history`)."""

    verbose_name = gettext_lazy("transition")
    verbose_name_plural = gettext_lazy("History")
    extra = 0
    template = "admin/edit_inline/history.html"

    def has_view_permission(self, request, obj=None):
        return True  # part of the object's page, which its admin has already let the user see

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("by")

    def has_change_permission(self, request, obj=None):
        return False


class ReadOnlyTabularInline(admin.TabularInline):
    """Rows of an object's history or money: shown, never added, edited or deleted by hand."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False


# Custom pages and bulk actions ------------------------------------------------------------------


APP_LISTS_KEPT = 256  # app lists a site keeps (one per role, language and app): forgotten beyond


class AppListMixin:
    """An admin site whose app list (the sidebar of every page, the index) is Django's, built
    once per process for each set of permissions, language and app, instead of asking each
    model's admin its permissions and reversing its URLs on every page.

    The site's admins decide what a user may see from the site's `has_permission` and the
    user's permissions alone (nothing else of the request), so these, with the language and
    the URLs' prefix, are the key. Each request gets its own copy of the lists and dicts.
    """

    def get_app_list(self, request, app_label=None):
        key = (*self.app_list_key(request), get_language(), get_script_prefix(), app_label)
        apps = self.app_lists.get(key)
        if apps is None:
            if len(self.app_lists) >= APP_LISTS_KEPT:
                self.app_lists.clear()
            apps = app_list_named(super().get_app_list(request, app_label))
            apps = self.app_lists[key] = self.app_list_extended(request, apps)
        return [{**app, "models": [model_entry(model) for model in app["models"]]} for app in apps]

    @cached_property
    def app_lists(self) -> dict:
        return {}

    def app_list_key(self, request) -> tuple:
        """What the user may see: the site's door, and every permission (all, for a superuser)."""
        user = request.user
        permissions = "all" if user.is_active and user.is_superuser else frozenset(user.get_all_permissions())
        return (getattr(request, "urlconf", None), self.has_permission(request), permissions)

    def app_list_extended(self, request, apps: list[dict]) -> list[dict]:
        """The site's own lines added to Django's app list."""
        return apps


def model_entry(model: dict) -> dict:
    """A copy of a model's entry in a kept app list, its permissions too, for one request to use."""
    return {**model, "perms": dict(model["perms"])} if "perms" in model else dict(model)


def app_list_named(apps: list[dict]) -> list[dict]:
    """Django's app list with each app's and model's name as text, translated once: the sidebar
    of every page prints each name and compares it, translating a lazy name again each time."""
    for app in apps:
        app["name"] = str(app["name"])
        for model in app["models"]:
            model["name"] = str(model["name"])
    return apps


def admin_render(modeladmin, request, templates, context: dict) -> TemplateResponse:
    """Render a custom admin page of this site (URL reversing needs the site's name)."""
    request.current_app = modeladmin.admin_site.name
    context = {**modeladmin.admin_site.each_context(request), "opts": modeladmin.model._meta, **context}
    return TemplateResponse(request, templates, context)


def action_confirmation(modeladmin, request, queryset, *, action: str, title: str, form, template: str, rows=None):
    """The first step of a bulk action: a confirmation page listing the objects (like delete_selected)."""
    opts = modeladmin.model._meta
    context = {
        "title": title,
        "queryset": queryset,
        "rows": rows,
        "form": form,
        "action": action,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "media": modeladmin.media,
    }
    templates = [
        f"admin/{opts.app_label}/{opts.model_name}/{template}",
        f"admin/{opts.app_label}/{template}",
        f"admin/{template}",
    ]
    return admin_render(modeladmin, request, templates, context)


def run_per_object(modeladmin, request, objects, service: Callable, verb: str) -> None:
    """Call a service once per object, each in its own transaction; report done and skipped."""
    done, failures = 0, []
    for obj in objects:
        try:
            service(obj)
        except ReturnsError as error:
            failures.append(f"#{obj.pk}: {error}")
        else:
            done += 1
            modeladmin.log_change(request, obj, verb)
    if done:
        modeladmin.message_user(request, _("%(verb)s: %(count)d.") % {"verb": verb, "count": done}, messages.SUCCESS)
    if failures:
        modeladmin.message_user(
            request,
            _("Skipped %(count)d: %(reasons)s") % {"count": len(failures), "reasons": " ".join(failures)},
            messages.ERROR,
        )
