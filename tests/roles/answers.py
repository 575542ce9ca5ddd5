"""The matrix's vocabulary: who may (the role sets), what each role gets (`omnitron`,
`seller_center`), and what a registered model and its admin actions allow (`Model`, `Action`)."""

from dataclasses import dataclass, field

from accounts.roles import MANAGER, OPERATOR, VIEWER

from .machinery import LOGIN, OTHER_SELLER, ROLES, SELLER, STAFF

READ = frozenset({VIEWER, OPERATOR, MANAGER})
WORK = frozenset({OPERATOR, MANAGER})  # orders, requests, plans
MANAGE = frozenset({MANAGER})  # everything
NOBODY = frozenset()
ANY_STAFF = READ | {STAFF}
NOT_STAFF = frozenset(ROLES) - ANY_STAFF
SELLERS = frozenset({SELLER, OTHER_SELLER})


def omnitron(may: frozenset, ok: int = 200, denied: int = 403) -> dict:
    """Owner staff only (others go to Omnitron's login); `ok` for the roles that may, else 403."""
    return {role: LOGIN if role in NOT_STAFF else ok if role in may else denied for role in ROLES}


def seller_center(ok: int = 200, other: int = 404) -> dict:
    """Seller staff only (others go to Seller Center's login); `other` for the other seller."""
    return {role: ok if role == SELLER else other if role == OTHER_SELLER else LOGIN for role in ROLES}


@dataclass(frozen=True)
class Action:
    """An admin action: who may run it, the second step's form, the answer they get."""

    may: frozenset
    data: dict = field(default_factory=dict)
    ok: int = 302


EXPORT = {"export_selected": Action(READ, ok=200)}  # a CSV of the selected rows, for whoever may view the list


@dataclass(frozen=True)
class Model:
    """A registered model: the object its pages show and who may view, add, change, delete."""

    obj: object
    view: frozenset = NOBODY
    add: frozenset = NOBODY
    change: frozenset = NOBODY
    delete: frozenset = NOBODY
    form: dict = field(default_factory=dict)  # a valid add/change form
    deleted: int = 302  # the answer to a permitted delete (200: protected objects are listed instead)
    actions: dict = field(default_factory=dict)
