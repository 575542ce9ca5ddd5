"""The role × URL matrix: what every role gets from every URL, form and admin action.

Omnitron (SPEC rule 14): Viewer reads, Operator also cancels and returns items, decides
requests and retries plans, Manager does everything (reasons and sellers too); staff
without a group see the index and nothing else. Seller Center: only seller staff, and
only their own objects (another seller's is a 404). The store: customers only, and only
their own orders.
"""

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from backoffice.omnitron.site import owner_site
from backoffice.seller_center.site import seller_site

from .answers import ANY_STAFF, EXPORT, MANAGE, READ, SELLERS, WORK, Action, Model, omnitron, seller_center
from .api_matrix import api_cells
from .machinery import (
    OTHER_SELLER,
    ROLES,
    SELLER,
    Cell,
    World,
    action_names,
    registrations,
)
from .store_matrix import everyone, public_cells
from .webhook_matrix import webhook_cells, webhook_models_omnitron, webhook_models_seller_center

DECISIONS = (("approve", ""), ("reject", "No"))
# The world's parcel has reached its seller: a parcel move is refused on its page (200).
PARCEL_MOVES = (("receive", "Checked"), ("lost", "Checked"))


def omnitron_models(w: World) -> dict[str, Model]:
    never_deleted = 200  # sellers keep their orders and products: the delete page lists them
    return {
        "orders.order": Model(w.waiting_order, view=READ),
        "orders.orderitem": Model(w.waiting_item, view=READ),
        "orders.seller": Model(
            w.seller,
            view=READ,
            add=MANAGE,
            change=MANAGE,
            delete=MANAGE,
            deleted=never_deleted,
            form={"name": "Anatolia", "slug": "anatolia-2", "email": "a@sellers.example"},
        ),
        "returns.cancellationrequest": Model(
            w.request,
            view=READ,
            actions={
                "approve_selected": Action(WORK, {"post": "yes", "note": ""}),
                "reject_selected": Action(WORK, {"post": "yes", "note": "No"}),
                **EXPORT,
            },
        ),
        "returns.cancellationplan": Model(w.failed_plan, view=READ, actions=EXPORT),
        "returns.refundline": Model(w.failed_plan.refund_lines.get(), view=READ, actions=EXPORT),
        "returns.cancellationreason": Model(
            w.cancel_reason,
            view=READ,
            add=MANAGE,
            change=MANAGE,
            form={
                "subject": "Too late",
                "audience": "owner",
                "cancellation_type": "cancel",
                "order": "1",
                "is_active": "on",
            },
            actions={"deactivate": Action(MANAGE)},
        ),
        "returns.outboundemail": Model(w.email, view=READ),
        "axes.accessattempt": Model(w.attempt, view=MANAGE, delete=MANAGE),  # deleting one lifts its lock
        "axes.accesslog": Model(w.sign_in, view=MANAGE),
        # API keys: Managers make and revoke them; a key is never edited nor deleted.
        "api.apikey": Model(
            w.api_key,
            view=MANAGE,
            add=MANAGE,
            form={"user": w.users[SELLER].pk, "name": "ERP"},
            actions={"revoke": Action(MANAGE)},
        ),
        **webhook_models_omnitron(w),
    }


def seller_center_models(w: World) -> dict[str, Model]:
    package = w.package.pk
    return {
        # A seller's staff edit their own seller's return address, and nothing else of it.
        "orders.seller": Model(w.seller, view=SELLERS, change=SELLERS, form={"return_address": "Depo 1\nBursa"}),
        "orders.package": Model(
            w.package,
            view=SELLERS,
            actions={
                "mark_ready_to_ship": Action(SELLERS),
                "ship": Action(SELLERS, {"post": "yes", "carrier": "Aras", f"tracking_{package}": "T1"}),
                "deliver": Action(SELLERS),
                "fail_delivery": Action(SELLERS),
            },
        ),
        "returns.cancellationrequest": Model(
            w.request,
            view=SELLERS,
            actions={
                "confirm_selected": Action(SELLERS, {"post": "yes", "note": ""}),
                "reject_selected": Action(SELLERS, {"post": "yes", "note": "No"}),
                "export_selected": Action(SELLERS, ok=200),
            },
        ),
        **webhook_models_seller_center(w),
    }


def omnitron_views(w: World) -> list[Cell]:
    order, request, plan = w.waiting_order.pk, w.request.pk, w.failed_plan.pk
    cancel_return, retry = "admin:orders_order_cancel_return", "admin:returns_cancellationplan_retry"
    transactions = [
        ("Cancel", w.waiting_order, "cancel", w.waiting_item, w.owner_cancel_reason),
        ("Return", w.delivered_order, "refund", w.returnable_item, w.owner_return_reason),
    ]
    return [
        Cell("Cancel/Return Selected Items by GET", reverse(cancel_return, args=[order]), omnitron(ANY_STAFF, ok=302)),
        *(
            Cell(
                f"{label} Selected Items: Yes",
                reverse(cancel_return, args=[on.pk]),
                omnitron(WORK, ok=302),
                "post",
                {
                    "item_ids": [item.pk],
                    "action": "cancel_return_selected",
                    "transaction": transaction,
                    "reason": reason.pk,
                    "note": "",
                    "confirm": "yes",
                },
                may=WORK,
            )
            for label, on, transaction, item, reason in transactions
        ),
        *_decision_cells("admin", request, omnitron(WORK), omnitron(WORK, ok=302), WORK),
        *_decision_cells("admin", request, omnitron(WORK), omnitron(WORK), WORK, moves=PARCEL_MOVES),
        Cell("Retry by GET", reverse(retry, args=[plan]), omnitron(ANY_STAFF, ok=405)),
        Cell("Retry", reverse(retry, args=[plan]), omnitron(WORK, ok=302), "post", may=WORK),
        *(
            Cell(f"{model} export", reverse(f"admin:returns_{model}_export"), omnitron(READ))
            for model in ("cancellationrequest", "cancellationplan", "refundline")
        ),
        Cell("Returns Analytics", reverse("admin:returns_analytics"), omnitron(READ)),
        Cell(
            "Returns Analytics table as CSV", reverse("admin:returns_analytics") + "?download=summary", omnitron(READ)
        ),
    ]


def _decision_cells(site, request: int, page: dict, done: dict, may: frozenset, moves=DECISIONS) -> list[Cell]:
    cells = []
    for decision, note in moves:
        path = reverse(f"{site}:returns_cancellationrequest_{decision}", args=[request])
        cells.append(Cell(f"{decision.title()} page", path, page))
        cells.append(Cell(decision.title(), path, done, "post", {"note": note}, may=may))
    return cells


def seller_center_views(w: World) -> list[Cell]:
    reject_item = reverse("seller:orders_package_reject_item", args=[w.package.pk])
    data = {"item": w.waiting_item.pk, "reason": w.seller_reason.pk, "note": "Out of stock"}
    mine = frozenset({SELLER})
    return [
        Cell("Reject an item page", reject_item, seller_center()),
        Cell("Reject an item", reject_item, seller_center(ok=302), "post", data, may=mine),
        *_decision_cells("seller", w.request.pk, seller_center(), seller_center(ok=302), mine),
        # each seller's own rows (tests/backoffice/test_exports.py shows the other seller's are not in it)
        Cell("requests export", reverse("seller:returns_cancellationrequest_export"), seller_center(other=200)),
        # each seller's own figures (tests/analytics/test_page.py shows the other seller's are not in them)
        Cell("Returns Analytics", reverse("seller:returns_analytics"), seller_center(other=200)),
        *_decision_cells("seller", w.request.pk, seller_center(), seller_center(), mine, moves=PARCEL_MOVES[:1]),
    ]


def site_cells(site, w: World) -> list[Cell]:
    """A site's own pages: index, sign-in and out, password, scripts, autocomplete, app lists."""
    name = site.name
    owner = site is owner_site
    members = frozenset(ANY_STAFF if owner else SELLERS)

    def for_members(ok: int) -> dict:
        return omnitron(ANY_STAFF, ok=ok) if owner else seller_center(ok, ok)

    content_type = ContentType.objects.get_for_model(w.waiting_order).pk
    models = omnitron_models(w)

    def app_viewers(app_label: str) -> frozenset:
        return frozenset().union(*(model.view for label, model in models.items() if label.startswith(f"{app_label}.")))

    labels = sorted({label.split(".")[0] for label, _admin in registrations(site)})
    return [
        Cell("index", reverse(f"{name}:index"), for_members(200)),
        Cell("login page", reverse(f"{name}:login"), {role: 302 if role in members else 200 for role in ROLES}),
        Cell(
            "login with a wrong password",
            reverse(f"{name}:login"),
            everyone(200),
            "post",
            {"username": "nobody", "password": "wrong"},
        ),
        # Signing out is POST only; a visitor who is no member is sent to the index.
        Cell("logout by GET", reverse(f"{name}:logout"), {role: 405 if role in members else 302 for role in ROLES}),
        Cell("logout", reverse(f"{name}:logout"), everyone(302), "post"),
        Cell("password change page", reverse(f"{name}:password_change"), for_members(200)),
        Cell(
            "password change with a wrong old password",
            reverse(f"{name}:password_change"),
            for_members(200),
            "post",
            {"old_password": "wrong", "new_password1": "x", "new_password2": "y"},
        ),
        Cell("password changed page", reverse(f"{name}:password_change_done"), for_members(200)),
        Cell("JavaScript catalog", reverse(f"{name}:jsi18n"), for_members(200)),
        Cell("autocomplete without a field", reverse(f"{name}:autocomplete"), for_members(403)),
        Cell(
            "view on site", reverse(f"{name}:view_on_site", args=[content_type, w.waiting_order.pk]), for_members(404)
        ),
        Cell("unknown page", reverse(f"{name}:index") + "nowhere/", for_members(404)),
        *(
            # An app's page lists the models the user may view; with none, it does not exist for them.
            Cell(f"{label} app", reverse(f"{name}:app_list", args=[label]), omnitron(app_viewers(label), denied=404))
            if owner
            else Cell(f"{label} app", reverse(f"{name}:app_list", args=[label]), seller_center(200, 200))
            for label in labels
        ),
    ]


def omnitron_model_cells(label: str, model: Model) -> list[Cell]:
    """A registered model's list, add, change, delete and history pages, and its actions."""
    url = _urls(owner_site, label)
    pk = model.obj.pk
    cells = [
        Cell(f"{label} list", url("changelist"), omnitron(model.view)),
        Cell(f"{label} add page", url("add"), omnitron(model.add)),
        Cell(f"{label} add", url("add"), omnitron(model.add, ok=302), "post", model.form, may=model.add),
        Cell(f"{label} history", url("history", pk), omnitron(model.view)),
        Cell(f"{label} delete page", url("delete", pk), omnitron(model.delete)),
        Cell(
            f"{label} delete",
            url("delete", pk),
            omnitron(model.delete, ok=model.deleted),
            "post",
            {"post": "yes"},
            may=model.delete,
        ),
        Cell(f"{label} change page", url("change", pk), omnitron(model.view)),
        Cell(
            f"{label} change", url("change", pk), omnitron(model.change, ok=302), "post", model.form, may=model.change
        ),
        Cell(f"{label} short URL", url("changelist") + f"{pk}/", omnitron(ANY_STAFF, ok=302)),
    ]
    for name, action in _actions(owner_site, model):
        cells.append(_action_cell(url, label, name, model, action, omnitron(action.may, ok=action.ok)))
    return cells


def seller_center_model_cells(label: str, model: Model) -> list[Cell]:
    """The same pages in Seller Center: mostly read only, and another seller's object is a 404."""
    url = _urls(seller_site, label)
    pk = model.obj.pk
    adds, deletes = bool(model.add), bool(model.delete)
    cells = [
        Cell(f"{label} list", url("changelist"), seller_center(200, other=200)),
        Cell(f"{label} add page", url("add"), seller_center(200, 200) if adds else seller_center(403, other=403)),
        # Each seller adds their own: the other seller's add is theirs too.
        Cell(
            f"{label} add",
            url("add"),
            seller_center(302, 302) if adds else seller_center(403, other=403),
            "post",
            model.form,
            may=model.add,
        ),
        Cell(f"{label} history", url("history", pk), seller_center(200)),
        Cell(f"{label} delete page", url("delete", pk), seller_center(200) if deletes else seller_center(403, 403)),
        Cell(
            f"{label} delete",
            url("delete", pk),
            seller_center(302) if deletes else seller_center(403, other=403),
            "post",
            {"post": "yes"},
            may=model.delete - {OTHER_SELLER},
        ),
        Cell(f"{label} change page", url("change", pk), seller_center(200)),
        Cell(
            f"{label} change",
            url("change", pk),
            seller_center(302 if model.change else 403),
            "post",
            model.form,
            may=model.change - {OTHER_SELLER},
        ),
        Cell(f"{label} short URL", url("changelist") + f"{pk}/", seller_center(302, other=302)),
    ]
    for name, action in _actions(seller_site, model):
        # The other seller's POST names the seller's object: it is not in their list, so nothing happens.
        expect = seller_center(action.ok, other=action.ok) if action.may else seller_center(403, other=403)
        cells.append(_action_cell(url, label, name, model, action, expect, may=action.may - {OTHER_SELLER}))
    return cells


def _urls(site, label: str):
    app_label, model_name = label.split(".")
    return lambda kind, *args: reverse(f"{site.name}:{app_label}_{model_name}_{kind}", args=args)


def _actions(site, model: Model):
    """Every action the model's admin declares; one the matrix does not name is nobody's but a deleter's."""
    for name in action_names(site.get_model_admin(type(model.obj))):
        yield name, model.actions.get(name, Action(model.delete, {"post": "yes"}, ok=model.deleted))


def _action_cell(url, label, name, model, action, expect, may=None) -> Cell:
    data = {"action": name, "_selected_action": [model.obj.pk], **action.data}
    return Cell(
        f"{label} action {name}", url("changelist"), expect, "post", data, may=action.may if may is None else may
    )


def cells(w: World) -> list[Cell]:
    """Every cell of the matrix, from the URLconf's pages and both sites' registrations.

    A model registered on a site without an entry here raises KeyError: the matrix must
    say what each role gets from it.
    """
    owner_models, seller_models = omnitron_models(w), seller_center_models(w)
    return [
        *public_cells(w),
        *api_cells(w),
        *site_cells(owner_site, w),
        *site_cells(seller_site, w),
        *omnitron_views(w),
        *seller_center_views(w),
        *webhook_cells(w),
        *(
            cell
            for label, _admin in registrations(owner_site)
            for cell in omnitron_model_cells(label, owner_models[label])
        ),
        *(
            cell
            for label, _admin in registrations(seller_site)
            for cell in seller_center_model_cells(label, seller_models[label])
        ),
    ]
