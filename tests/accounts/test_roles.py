import django_fsm as fsm
import pytest
from django.apps import apps as global_apps
from django.contrib.auth.models import Group, Permission

from accounts import roles
from backoffice.omnitron.site import owner_site
from orders.choices import OrderItemStatus
from returns.choices import PlanStatus, RequestStatus
from tests.factories import CancellationPlanFactory, CancellationRequestFactory, OrderItemFactory, UserFactory

pytestmark = pytest.mark.django_db


def _names(permissions) -> set[str]:
    return {f"{p.content_type.app_label}.{p.codename}" for p in permissions.select_related("content_type")}


def _group(role: str) -> set[str]:
    return _names(Group.objects.get(name=role).permissions)


def test_migrations_create_the_three_groups_with_exactly_the_maps_permissions():
    available = _names(Permission.objects.all())
    for role in roles.ROLES:
        assert _group(role) == roles.role_permissions(role, available), role


def test_viewer_only_views():
    assert _group(roles.VIEWER)
    assert {name.split(".")[1].split("_")[0] for name in _group(roles.VIEWER)} == {"view"}


def test_operator_works_orders_requests_and_plans_but_does_not_manage_reasons():
    operator = _group(roles.OPERATOR)
    assert {
        roles.CANCEL_ITEMS,
        roles.RETURN_ITEMS,
        roles.APPROVE_REQUESTS,
        roles.REJECT_REQUESTS,
        roles.RETRY_PLANS,
    } <= operator
    assert _group(roles.VIEWER) < operator
    assert not set(roles.MANAGE_REASONS) & operator
    assert not {name for name in operator if name.split(".")[1].startswith(("add_", "change_", "delete_"))}


def test_manager_holds_every_permission_of_the_marketplace_apps():
    manager = _group(roles.MANAGER)
    everything = _names(Permission.objects.filter(content_type__app_label__in=["orders", "returns"]))
    assert everything <= manager
    assert _group(roles.OPERATOR) < manager
    assert set(roles.MANAGE_REASONS) <= manager


def test_viewers_see_every_model_omnitron_shows_but_the_managers_sign_in_lockouts_and_api_keys():
    shown = [model for model in global_apps.get_models() if owner_site.is_registered(model)]
    assert shown
    managers_only = {*roles.MANAGER_APP_ACTIONS, "api"}
    for model in shown:
        permission = f"{model._meta.app_label}.view_{model._meta.model_name}"
        group = roles.MANAGER if model._meta.app_label in managers_only else roles.VIEWER
        assert permission in _group(group), model
    assert "api.view_apikey" not in _group(roles.OPERATOR)


def test_syncing_again_changes_nothing_and_restores_a_groups_permissions():
    before = {role: _group(role) for role in roles.ROLES}
    Group.objects.get(name=roles.VIEWER).permissions.clear()
    roles.role_groups_sync(apps=global_apps)
    assert {role: _group(role) for role in roles.ROLES} == before


def test_an_app_that_is_not_installed_adds_no_permissions():
    assert "axes" in roles.MANAGER_APP_ACTIONS
    assert roles.role_permissions(roles.MANAGER, {"axes.view_accessattempt", "axes.add_accessattempt"}) == {
        "axes.view_accessattempt"
    }
    if not global_apps.is_installed("axes"):
        roles.role_groups_sync(apps=global_apps)
        assert not {name for name in _group(roles.MANAGER) if name.startswith("axes.")}


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (None, False),
        (roles.VIEWER, False),
        (roles.OPERATOR, True),
        (roles.MANAGER, True),
    ],
)
def test_transitions_that_move_money_need_the_staff_role(staff_in, role, allowed):
    # given a staff user of the role, and objects in the states the transitions start from
    user = staff_in(role)
    item = OrderItemFactory.build(status=OrderItemStatus.PREPARING)
    delivered = OrderItemFactory.build(status=OrderItemStatus.DELIVERED)
    cancellation = CancellationRequestFactory.build(status=RequestStatus.WAITING)
    plan = CancellationPlanFactory.build(status=PlanStatus.FAILED)
    # then each transition answers for the role
    assert fsm.has_transition_perm(item.request_cancellation, user) is allowed
    assert fsm.has_transition_perm(delivered.request_return, user) is allowed
    assert fsm.has_transition_perm(cancellation.approve, user) is allowed
    assert fsm.has_transition_perm(cancellation.reject, user) is allowed
    assert fsm.has_transition_perm(plan.retry, user) is allowed


def test_sellers_and_customers_pass_the_role_rule_of_shared_transitions_but_never_retry_plans(seller_user, customer):
    for user in (seller_user, customer):
        assert fsm.has_transition_perm(CancellationRequestFactory.build(status=RequestStatus.WAITING).approve, user)
        assert fsm.has_transition_perm(
            OrderItemFactory.build(status=OrderItemStatus.PREPARING).request_cancellation, user
        )
        assert not fsm.has_transition_perm(CancellationPlanFactory.build(status=PlanStatus.FAILED).retry, user)


def test_the_role_rule_still_needs_the_transitions_source_state(owner):
    assert not fsm.has_transition_perm(CancellationRequestFactory.build(status=RequestStatus.APPROVED).approve, owner)
    assert not fsm.has_transition_perm(CancellationPlanFactory.build(status=PlanStatus.COMPLETED).retry, owner)


def test_a_staff_member_holds_their_own_permissions_and_their_roles_read_by_one_query(django_assert_num_queries):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=roles.VIEWER))
    user.user_permissions.add(Permission.objects.get(codename="retry_cancellationplan"))
    user = type(user).objects.get(pk=user.pk)  # as each request loads it
    with django_assert_num_queries(1):
        held = user.get_all_permissions()
        assert user.has_perm(roles.RETRY_PLANS)
        assert user.has_perm(roles.VIEW_ORDERS)
    assert held == _group(roles.VIEWER) | {roles.RETRY_PLANS}
    assert not user.has_perm(roles.APPROVE_REQUESTS)
