"""Every URL, form and admin action of the project, as every role (SPEC rules 14 and 16).

The cells come from the URLconf and both admin sites' registrations (`matrix.py` says
what each role gets); a URL or an action the matrix does not cover fails the first test.
"""

from dataclasses import replace

import pytest

from backoffice.omnitron.site import owner_site
from backoffice.seller_center.site import seller_site

from .machinery import ROLES, RoleClients, action_names, answer, registrations, route_of, url_routes, world_build
from .matrix import cells, omnitron_models, seller_center_models

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return world_build()


def test_every_url_every_registered_model_and_every_action_is_in_the_matrix(world):
    matrix = cells(world)
    assert url_routes() - {route_of(cell.path) for cell in matrix} == set()
    for site, models in ((owner_site, omnitron_models(world)), (seller_site, seller_center_models(world))):
        registered = dict(registrations(site))
        assert set(registered) == set(models), site.name
        for label, model in models.items():
            assert set(model.actions) <= set(action_names(registered[label])), label
    assert all(set(cell.expect) == set(ROLES) for cell in matrix)


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_its_answer_from_every_cell_and_changes_nothing_it_may_not(world, role):
    # given the role signed in, and the rows as they are
    clients = RoleClients({role: world.users[role]})
    wrong = []
    # when it makes every request of the matrix
    for cell in cells(world):
        response, written = clients.send(role, cell)
        got = answer(response, cell.path)
        if got != cell.expect[role]:
            wrong.append(f"{cell.label}: {cell.method.upper()} {cell.path} gave {got}, not {cell.expect[role]}")
        if written:
            wrong.append(f"{cell.label}: {cell.method.upper()} {cell.path} wrote to {sorted(written)}")
    # then each answer is the matrix's, and nothing changed that the role may not change
    assert not wrong, "\n".join(wrong)


def test_the_matrix_notices_a_write_by_a_role_that_may_not_make_it(world):
    # given a cell that says nobody may write, for a request that does write (deactivating a reason)
    manager = next(role for role in ROLES if role.endswith("Manager"))
    cell = next(c for c in cells(world) if c.label.endswith("action deactivate"))
    clients = RoleClients({manager: world.users[manager]})
    # when the Manager sends it
    response, written = clients.send(manager, replace(cell, may=frozenset()))
    # then the write is reported, and the savepoint undid it
    # (the reason's row, and the entry in its history)
    assert (answer(response, cell.path), written) == (302, {"returns_cancellationreason", "django_admin_log"})
    world.cancel_reason.refresh_from_db()
    assert world.cancel_reason.is_active
