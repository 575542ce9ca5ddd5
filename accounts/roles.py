"""Omnitron's roles: the permissions each group holds, and the role rule of transitions.

Owner staff act through Django model permissions, grouped into three roles (SPEC rule
14). Sellers and customers hold no model permissions: what they may touch is their own
rows, which the scoped selectors and the Seller Center site decide.

This module imports no models, so the groups' data migrations can use it.
"""

VIEWER = "Omnitron Viewer"
OPERATOR = "Omnitron Operator"
MANAGER = "Omnitron Manager"
ROLES = (VIEWER, OPERATOR, MANAGER)

# The permissions Omnitron's workflow steps check, one per kind of step.
VIEW_ORDERS = "orders.view_order"
CANCEL_ITEMS = "orders.cancel_orderitem"
RETURN_ITEMS = "orders.return_orderitem"
APPROVE_REQUESTS = "returns.approve_cancellationrequest"
REJECT_REQUESTS = "returns.reject_cancellationrequest"
RETRY_PLANS = "returns.retry_cancellationplan"
# Acting for a seller on a return's parcel: Mark as Received, Lost in Transit.
RECEIVE_RETURNS = "returns.receive_returnshipment"
# Sending a webhook delivery again (the delivery log's Send Again).
REDELIVER_WEBHOOKS = "api.redeliver_webhookdelivery"
MANAGE_REASONS = ("returns.add_cancellationreason", "returns.change_cancellationreason")

# Read only: every page of Omnitron, with its inlines and history.
VIEWER_PERMISSIONS = (
    "orders.view_order",
    "orders.view_orderitem",
    "orders.view_package",
    "orders.view_payment",
    "orders.view_product",
    "orders.view_seller",
    "returns.view_cancellationrequest",
    "returns.view_cancellationplan",
    "returns.view_cancellationplanitem",
    "returns.view_refundline",
    "returns.view_cancellationreason",
    "returns.view_outboundemail",
    "returns.view_returnshipment",
    "returns.view_returnscan",
    "django_fsm_log.view_statelog",
    "api.view_webhooksubscription",
    "api.view_webhookdelivery",
)
# Orders, requests and plans: cancel and return items, decide requests, retry plans, send webhooks again.
OPERATOR_PERMISSIONS = (
    *VIEWER_PERMISSIONS,
    CANCEL_ITEMS,
    RETURN_ITEMS,
    APPROVE_REQUESTS,
    REJECT_REQUESTS,
    RETRY_PLANS,
    RECEIVE_RETURNS,
    REDELIVER_WEBHOOKS,
)
# Everything: every permission of these apps (reasons, sellers and API keys included) ...
MANAGER_APPS = ("orders", "returns", "api")
# ... and of these apps the listed actions, once they are installed: django-axes' lockouts.
MANAGER_APP_ACTIONS = {"axes": ("view", "delete")}


def role_permissions(role: str, available: set[str]) -> set[str]:
    """The permissions ("app_label.codename") a role holds, out of those that exist."""
    if role == VIEWER:
        return available & set(VIEWER_PERMISSIONS)
    if role == OPERATOR:
        return available & set(OPERATOR_PERMISSIONS)
    if role == MANAGER:
        return available & set(OPERATOR_PERMISSIONS) | {name for name in available if _is_managers(name)}
    raise ValueError(role)


def _is_managers(name: str) -> bool:
    app_label, codename = name.split(".", 1)
    action = codename.split("_", 1)[0]
    return app_label in MANAGER_APPS or action in MANAGER_APP_ACTIONS.get(app_label, ())


def role_groups_sync(*, apps, using: str = "default") -> None:
    """Create the three groups and give each exactly its permissions (used by migrations).

    Permissions are created here if Django has not yet (it does so after `migrate`), from
    the models as the migration state knows them; an app that is not installed, or not
    migrated yet, simply adds nothing, and a later migration syncs again.
    """
    Group = apps.get_model("auth", "Group")
    labels = [*{name.split(".")[0] for name in OPERATOR_PERMISSIONS}, *MANAGER_APPS, *MANAGER_APP_ACTIONS]
    permissions = {}
    for label in labels:
        permissions.update(_permissions_ensure(apps=apps, app_label=label, using=using))
    for role in ROLES:
        group, _created = Group.objects.using(using).get_or_create(name=role)
        wanted = role_permissions(role, set(permissions))
        group.permissions.set([permissions[name] for name in sorted(wanted)])


def _permissions_ensure(*, apps, app_label: str, using: str) -> dict:
    """Every permission of an app's models, created where missing, by "app_label.codename"."""
    try:
        app_config = apps.get_app_config(app_label)
    except LookupError:
        return {}
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    found = {}
    for model in app_config.get_models():
        opts = model._meta
        content_type, _created = ContentType.objects.using(using).get_or_create(
            app_label=opts.app_label, model=opts.model_name
        )
        declared = [
            (f"{action}_{opts.model_name}", f"Can {action} {opts.verbose_name_raw}")
            for action in opts.default_permissions
        ]
        for codename, name in [*declared, *opts.permissions]:
            permission, _created = Permission.objects.using(using).get_or_create(
                content_type=content_type, codename=codename, defaults={"name": name[:255]}
            )
            found[f"{opts.app_label}.{codename}"] = permission
    return found


class StaffPermission:
    """A transition's role rule: owner staff need `codename`; others act on their own rows.

    Sellers, customers and the system hold no model permissions; which rows they reach
    is decided by the scoped selectors (another seller's request is a 404), so for them
    the transition adds nothing. Used as `permission=` and checked with
    `django_fsm.has_transition_perm`.
    """

    def __init__(self, codename: str) -> None:
        self.codename = codename

    def __call__(self, instance, user) -> bool:
        return user.has_perm(self.codename) if user.is_staff else True

    def __repr__(self) -> str:
        return f"StaffPermission({self.codename!r})"
