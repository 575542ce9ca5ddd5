import pytest
from django.core.management import call_command
from django.db import models, transaction
from django.utils import timezone
from django_fsm_log.models import StateLog

from orders.models import Order, OrderItem, Seller
from returns.models import CancellationPlan, CancellationReason, CancellationRequest, ReturnShipment

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, seeded once for the module inside a transaction rolled back at its end; each test
    runs in its own savepoint on top of it (as Django's TestCase.setUpTestData does), so no test sees
    another's changes and nothing is left for other modules."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo")
        yield
        transaction.set_rollback(True)


def _snapshot():
    return (
        list(Order.objects.order_by("number").values_list("number", "status", "total", "has_open_request")),
        list(OrderItem.objects.order_by("pk").values_list("pk", "status", "quantity")),
        list(CancellationRequest.objects.order_by("pk").values_list("pk", "status")),
        list(CancellationPlan.objects.order_by("pk").values_list("pk", "status", "amount")),
    )


def test_seed_demo_covers_every_case_for_both_customers():
    for prefix in ("A", "M"):
        statuses = dict(Order.objects.filter(number__startswith=prefix).values_list("number", "status"))
        assert statuses[f"{prefix}-1001"] == "waiting_packaging"
        assert statuses[f"{prefix}-1002"] == "shipped"
        assert statuses[f"{prefix}-1003"] == "delivered"
        assert statuses[f"{prefix}-1004"] == "delivered"
        assert statuses[f"{prefix}-1006"] == "cancelled"
        waiting = Order.objects.get(number=f"{prefix}-1001")
        assert {"preparing", "ready_to_ship"} <= set(waiting.items.values_list("status", flat=True))
        assert waiting.items.filter(quantity=3).exists()
        assert OrderItem.objects.filter(order__number=f"{prefix}-1005", status="delivery_failed").exists()
        open_returns = CancellationRequest.objects.filter(order__number=f"{prefix}-1007", status="waiting")
        assert set(open_returns.values_list("order_item__seller__slug", flat=True)) == {"anatolia", "bosphorus"}
    assert CancellationReason.objects.filter(extra_information_needed=True, is_active=True).exists()
    assert CancellationReason.objects.filter(is_seller_fault=True, is_active=True).exists()
    assert set(CancellationReason.objects.values_list("cancellation_type", flat=True)) == {"cancel", "refund"}


def test_seed_demo_twice_changes_nothing():
    before = _snapshot()
    call_command("seed_demo")
    assert _snapshot() == before


def test_demo_accounts_use_the_documented_password():
    from django.contrib.auth import authenticate
    from django.test import RequestFactory

    for username in ("owner", "operator", "viewer", "anatolia", "bosphorus", "ayse", "mehmet"):
        sign_in = RequestFactory().post("/accounts/login/")  # sign-in throttling needs the request
        assert authenticate(sign_in, username=username, password="demo-pass-2026") is not None


def test_demo_owner_staff_hold_one_omnitron_role_each():
    from django.contrib.auth import get_user_model

    staff = get_user_model().objects.filter(is_staff=True).prefetch_related("groups")
    roles = {user.username: [group.name for group in user.groups.all()] for user in staff}
    assert roles == {
        "owner": ["Omnitron Manager"],
        "operator": ["Omnitron Operator"],
        "viewer": ["Omnitron Viewer"],
    }
    assert not staff.filter(is_superuser=True).exists()


def test_seed_demo_orders_adds_generated_orders():
    call_command("seed_demo", orders=50, batch_size=20)
    generated = Order.objects.filter(number__startswith="G")
    assert generated.count() == 50
    assert OrderItem.objects.filter(order__in=generated).count() >= 50
    assert all(o.payment.amount_captured == o.total for o in generated.select_related("payment"))


def test_generated_cancelled_orders_carry_their_finished_cancellation_and_refund():
    from django.db.models import Sum

    from orders.models import Payment
    from sandbox.models import LedgerRefund

    call_command("seed_demo", orders=200, batch_size=70)
    cancelled = Order.objects.filter(number__startswith="G", status="cancelled").select_related("payment")
    assert cancelled.count() > 5
    for order in cancelled:
        plan = order.cancellation_plans.get()
        assert (plan.status, plan.amount) == ("completed", order.total)
        assert plan.refund_lines.get().status == "completed"
        assert order.payment.amount_refunded == order.payment.amount_allocated == order.total
        assert set(order.items.values_list("status", flat=True)) == {"cancelled"}
        assert (
            order.cancellation_requests.filter(status="completed", plan_item__plan=plan).count() == order.items.count()
        )
    refunded = Payment.objects.aggregate(s=Sum("amount_refunded"))["s"]
    assert LedgerRefund.objects.aggregate(s=Sum("amount"))["s"] == refunded


def test_generated_open_returns_wait_for_their_seller_on_a_delivered_item():
    call_command("seed_demo", orders=300, batch_size=100)
    opened = Order.objects.filter(number__startswith="G", has_open_request=True)
    assert opened.exists()
    for order in opened:
        (waiting,) = order.cancellation_requests.filter(status="waiting")
        assert waiting.cancellation_type == "refund"
        assert (waiting.order_item.status, waiting.order_item.status_before_request) == ("return_waiting", "delivered")


def test_orders_placed_after_generated_ones_get_fresh_keys():
    from orders.models import Product
    from orders.services import order_place
    from tests.factories import UserFactory

    call_command("seed_demo", orders=30)
    newest = Order.objects.order_by("-pk").first().pk
    order = order_place(customer=UserFactory(), lines=[(Product.objects.first(), 1)])
    assert order.pk > newest


def test_seed_demo_has_returns_at_every_step_of_the_shipment():
    for prefix in ("A", "M"):
        shipments = ReturnShipment.objects.filter(cancellation_request__order__number__startswith=f"{prefix}-100")
        statuses = set(shipments.values_list("status", flat=True))
        assert {"awaiting_shipment", "in_transit", "received", "expired", "lost"} <= statuses
        waiting_received = shipments.filter(status="received", cancellation_request__status="waiting")
        assert waiting_received.count() == 2  # one within the seller's deadline, one past it
        assert shipments.filter(status="received", cancellation_request__status="completed").exists()
        assert shipments.get(status="expired").cancellation_request.status == "expired"
    assert all(Seller.objects.values_list("return_address", flat=True))


def test_generated_requests_carry_the_time_they_last_changed():
    # COPY (PostgreSQL) skips save(): the seeder stamps `updated_at` itself, with the request's latest moment
    call_command("seed_demo", orders=200, batch_size=70)
    generated = CancellationRequest.objects.filter(order__number__startswith="G")
    assert generated.exists()
    assert not generated.filter(updated_at__isnull=True).exists()
    assert not generated.filter(updated_at__lt=models.F("created_at")).exists()


def test_the_demo_history_has_no_dates_to_come_and_its_parcels_arrive_between_asking_and_deciding():
    now = timezone.now()
    history = CancellationRequest.objects.filter(order__number__startswith="H-")
    assert history.filter(return_shipment__isnull=False).exists()
    assert not history.filter(models.Q(created_at__gt=now) | models.Q(decided_at__gt=now)).exists()
    assert not CancellationPlan.objects.filter(
        models.Q(created_at__gt=now) | models.Q(completed_at__gt=now), order__number__startswith="H-"
    ).exists()
    parcels = ReturnShipment.objects.filter(cancellation_request__in=history)
    assert not parcels.filter(received_at__lt=models.F("created_at")).exists()
    assert not parcels.filter(received_at__gt=models.F("cancellation_request__decided_at")).exists()


def test_each_demo_return_was_asked_after_delivery_and_its_parcel_moved_after_that_in_order():
    shipments = ReturnShipment.objects.filter(cancellation_request__order__number__in=["A-1008", "M-1008"])
    assert shipments.count() == 12
    for shipment in shipments.select_related("cancellation_request__order_item"):
        asked = shipment.cancellation_request.created_at
        assert shipment.cancellation_request.order_item.delivered_at < asked
        assert shipment.created_at == asked  # the code is issued with the request
        moments = [m.at for m in shipment.milestones]
        assert moments == sorted(moments), shipment.status
        logged = StateLog.objects.for_(shipment).values_list("timestamp", flat=True)
        assert all(at >= asked for at in logged), shipment.status
