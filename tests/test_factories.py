"""Every factory and trait builds valid rows that agree with each other (SPEC section 3)."""

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone
from django_fsm_log.models import StateLog

from orders.choices import (
    OrderStatus,
    PackageStatus,
)
from orders.models import Order, OrderItem, Package, Payment, WeeklySales
from returns.choices import (
    CancellationType,
    EmailKind,
    PlanStatus,
    RefundLineStatus,
    RequestStatus,
)
from returns.models import (
    CancellationRequest,
    OutboundEmail,
    ReturnHours,
    ReturnShipment,
    WeeklyReturnFigures,
)
from returns.services import outbound_emails_send
from tests.factories import (
    CancellationPlanFactory,
    CancellationPlanItemFactory,
    CancellationReasonFactory,
    CancellationRequestFactory,
    DailyReturnFiguresFactory,
    DailySalesFactory,
    LedgerRefundFactory,
    OrderFactory,
    OrderItemFactory,
    OutboundEmailFactory,
    PackageFactory,
    PaymentFactory,
    ProductFactory,
    RefundLineFactory,
    ReturnHoursFactory,
    ReturnScanFactory,
    ReturnShipmentFactory,
    SellerFactory,
    UserFactory,
    WeeklyProductFiguresFactory,
    WeeklyReturnFiguresFactory,
    WeeklySalesFactory,
)
from tests.factories.orders import ITEM_STATUS_IN_PACKAGE
from tests.factories.shipments import SHIPMENT_STATUS_OF_REQUEST
from tests.factory_checks import (
    assert_order_consistent,
    assert_plan_consistent,
    assert_request_consistent,
    assert_shipment_consistent,
    assert_valid,
)

pytestmark = pytest.mark.django_db


ORDER_STATES = {
    "": (OrderStatus.WAITING_PACKAGING, PackageStatus.PREPARING),
    "ready_to_ship": (OrderStatus.WAITING_PACKAGING, PackageStatus.READY_TO_SHIP),
    "shipped": (OrderStatus.SHIPPED, PackageStatus.SHIPPED),
    "delivered": (OrderStatus.DELIVERED, PackageStatus.DELIVERED),
    "delivery_failed": (OrderStatus.SHIPPED, PackageStatus.DELIVERY_FAILED),
}


@pytest.mark.parametrize("trait", ORDER_STATES)
def test_order_of_each_state_has_packages_and_items_in_that_state(trait):
    order = OrderFactory(**({trait: True} if trait else {}), with_items=2)
    order_status, package_status = ORDER_STATES[trait]
    assert order.status == order_status
    assert set(Package.objects.filter(order=order).values_list("status", flat=True)) == {package_status}
    assert set(order.items.values_list("status", flat=True)) == {ITEM_STATUS_IN_PACKAGE[package_status]}
    assert_order_consistent(order)


def test_order_is_one_line_of_one_product_with_its_payment_by_default():
    order = OrderFactory()
    item = order.items.get()
    assert (item.quantity, item.unit_price) == (1, item.product.price)
    assert Payment.objects.get(order=order).amount_captured == order.total == item.product.price
    assert_order_consistent(order)


def test_order_lines_of_several_sellers_go_to_one_package_each_and_share_the_discount():
    # given two sellers' products
    towel, robe = ProductFactory(price=Decimal("249.90")), ProductFactory(price=Decimal("19.99"))
    cable = ProductFactory(price=Decimal("129.50"))
    robe.seller = towel.seller
    robe.save()
    # when an order of three lines with a discount and shipping is built
    order = OrderFactory(
        with_items=[(towel, 3), (robe, 2), (cable, 1)],
        discount_total=Decimal("33.33"),
        shipping_total=Decimal("29.90"),
        delivered=True,
    )
    # then
    assert order.packages.count() == 2
    assert sum(order.items.values_list("discount_share", flat=True)) == Decimal("33.33")
    assert order.total == Decimal("749.70") + Decimal("39.98") + Decimal("129.50") - Decimal("33.33") + Decimal("29.90")
    assert_order_consistent(order)


def test_order_without_items_is_bare_for_factories_that_add_their_own():
    order = OrderFactory(with_items=0)
    assert not order.items.exists()
    assert not Payment.objects.filter(order=order).exists()


def test_order_built_without_a_database_has_no_rows():
    order = OrderFactory.build(delivered=True)
    assert order.pk is None
    assert order.status == OrderStatus.DELIVERED


@pytest.mark.parametrize("trait", ["", "ready_to_ship", "shipped", "delivered", "delivery_failed", "cancelled"])
def test_package_of_each_state_has_its_items_and_order_in_step(trait):
    package = PackageFactory(**({trait: True} if trait else {}), with_items=2)
    assert package.items.count() == 2
    assert_order_consistent(package.order)


def test_package_asked_for_again_for_the_same_order_and_seller_is_the_same_package():
    package = PackageFactory()
    again = PackageFactory(order=package.order, seller=package.seller, with_items=0)
    assert again.pk == package.pk


ITEM_TRAITS = [
    "",
    "ready_to_ship",
    "shipped",
    "delivered",
    "delivery_failed",
    "cancellation_waiting",
    "return_waiting",
    "cancelled",
    "returned",
]


@pytest.mark.parametrize("trait", ITEM_TRAITS)
def test_order_item_of_each_state_sits_in_a_package_and_order_that_agree(trait):
    item = OrderItemFactory(**({trait: True} if trait else {}), quantity=2)
    assert item.quantity == 2
    assert_order_consistent(item.order)


def test_an_item_added_to_an_order_joins_its_sellers_package_and_the_totals():
    order = OrderFactory(with_items=1)
    seller = order.items.get().seller
    OrderItemFactory(order=order, product=ProductFactory(seller=seller, price=Decimal("10.00")), quantity=3)
    assert order.packages.count() == 1
    assert Order.objects.get(pk=order.pk).total == Decimal("130.00")
    assert_order_consistent(order)


def test_payment_factory_gives_an_orders_own_payment():
    order = OrderFactory()
    assert PaymentFactory(order=order).pk == order.payment.pk
    assert_valid(PaymentFactory(wallet=True))


@pytest.mark.parametrize("refund", [False, True])
@pytest.mark.parametrize("trait", ["", "approved", "completed", "rejected", "withdrawn"])
def test_request_of_each_state_has_its_item_order_and_plan_in_step(trait, refund):
    cancellation = CancellationRequestFactory(**({trait: True} if trait else {}), refund=refund)
    expected = CancellationType.REFUND if refund else CancellationType.CANCEL
    assert cancellation.cancellation_type == expected
    assert cancellation.status == (RequestStatus(trait) if trait else RequestStatus.WAITING)
    assert bool(cancellation.return_code) is refund
    assert_request_consistent(cancellation)
    if trait in ("approved", "completed"):
        assert_plan_consistent(cancellation.plan_item.plan)


@pytest.mark.parametrize(("order_trait", "refund"), [("ready_to_ship", False), ("delivered", True)])
@pytest.mark.parametrize("trait", ["", "approved", "completed"])
def test_request_for_an_existing_item_moves_it_by_its_own_transitions(order_trait, refund, trait):
    # given an order with two lines
    order = OrderFactory(**{order_trait: True}, with_items=2)
    item, other = order.items.all()
    # when a request of the state is built for one of them
    cancellation = CancellationRequestFactory(order_item=item, refund=refund, **({trait: True} if trait else {}))
    # then the item moved by transitions (logged), the other did not, and everything agrees
    assert StateLog.objects.for_(item).exists()
    assert not StateLog.objects.for_(other).exists()
    assert_request_consistent(cancellation)


@pytest.mark.parametrize("trait", ["", "approved", "completed", "rejected", "withdrawn", "expired"])
def test_return_of_each_state_has_its_shipment_at_the_step_that_goes_with_it(trait):
    cancellation = CancellationRequestFactory(refund=True, **({trait: True} if trait else {}))
    shipment = cancellation.return_shipment
    assert shipment.status == SHIPMENT_STATUS_OF_REQUEST[cancellation.status]
    assert_shipment_consistent(shipment)


def test_a_cancellation_has_no_shipment():
    assert not ReturnShipment.objects.filter(cancellation_request=CancellationRequestFactory()).exists()


@pytest.mark.parametrize("trait", ["", "in_transit", "received", "lost", "expired", "cancelled", "overdue"])
def test_shipment_of_each_step_belongs_to_a_return_in_the_status_that_goes_with_it(trait):
    shipment = ReturnShipmentFactory(**({trait: True} if trait else {}))
    expected = {"": "awaiting_shipment", "overdue": "in_transit"}.get(trait, trait)
    assert shipment.status == expected
    assert_shipment_consistent(shipment)


def test_overdue_and_past_ship_by_shipments_are_what_the_sweeper_looks_for(settings):
    overdue = ReturnShipmentFactory(overdue=True)
    late = ReturnShipmentFactory(past_ship_by=True)
    in_time = ReturnShipmentFactory(in_transit=True)
    since = timezone.now() - timedelta(days=settings.RETURN_TRANSIT_DAYS)
    assert list(ReturnShipment.objects.in_transit_since(since)) == [overdue]
    assert list(ReturnShipment.objects.not_shipped_by(timezone.localdate())) == [late]
    assert_shipment_consistent(in_time)


@pytest.mark.parametrize("trait", ["", "delivered"])
def test_scan_is_of_a_parcel_of_its_carrier(trait):
    scan = ReturnScanFactory(**({trait: True} if trait else {}))
    assert_valid(scan)
    assert scan.carrier == scan.shipment.carrier
    assert_shipment_consistent(scan.shipment)


def test_completed_cancellation_of_the_last_item_cancels_its_package_and_order():
    order = OrderFactory()
    CancellationRequestFactory(order_item=order.items.get(), completed=True)
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED
    assert order.packages.get().status == PackageStatus.CANCELLED
    assert_order_consistent(order)


@pytest.mark.parametrize("refund", [False, True])
@pytest.mark.parametrize("trait", ["", "approved", "completed", "failed", "needs_attention"])
def test_plan_of_each_state_has_its_request_refund_line_and_money_in_step(trait, refund):
    plan = CancellationPlanFactory(**({trait: True} if trait else {}), refund=refund)
    assert plan.plan_type == (CancellationType.REFUND if refund else CancellationType.CANCEL)
    expected = {"": PlanStatus.WAITING, "needs_attention": PlanStatus.APPROVED}.get(trait) or PlanStatus(trait)
    assert plan.status == expected
    assert plan.needs_attention is (trait == "needs_attention")
    assert_plan_consistent(plan)


def test_failed_plan_says_why_and_needing_attention_says_so():
    assert "declined" in CancellationPlanFactory(failed=True).note
    assert "Needs attention" in CancellationPlanFactory(needs_attention=True).note


def test_plan_item_factory_builds_a_waiting_plan_for_a_waiting_request():
    plan_item = CancellationPlanItemFactory()
    assert plan_item.plan.status == PlanStatus.WAITING
    assert plan_item.cancellation_request.status == RequestStatus.WAITING
    assert_plan_consistent(plan_item.plan)


@pytest.mark.parametrize("trait", ["", "completed", "failed", "needs_attention"])
def test_refund_line_of_each_state_has_a_plan_of_the_matching_state(trait):
    line = RefundLineFactory(**({trait: True} if trait else {}))
    assert line.status == (RefundLineStatus(trait) if trait in RefundLineStatus.values else RefundLineStatus.PENDING)
    assert line.needs_attention is (trait == "needs_attention")
    assert line.plan.refund_lines.get() == line
    assert_plan_consistent(line.plan)


def test_ledger_row_factory_builds_a_valid_row():
    assert_valid(LedgerRefundFactory())


@pytest.mark.parametrize("kind", EmailKind.values)
def test_queued_email_of_each_kind_is_about_rows_the_mailer_can_send(kind, mailoutbox):
    # given an email of the kind, and the staff an attention email goes to
    UserFactory(owner=True)
    email = OutboundEmailFactory(kind=kind)
    assert_valid(email)
    # when the mailer runs, then it is sent
    assert outbound_emails_send() == 1
    assert OutboundEmail.objects.get(pk=email.pk).sent_at is not None
    assert len(mailoutbox) == 1


@pytest.mark.parametrize("trait", ["sent", "refused", "given_up"])
def test_an_email_that_was_sent_refused_or_given_up_on_is_not_due(trait):
    email = OutboundEmailFactory(**{trait: True})
    assert_valid(email)
    assert not OutboundEmail.objects.due().filter(pk=email.pk).exists()


def test_people_sellers_products_and_reasons_are_valid():
    for row in (
        UserFactory(),
        UserFactory(owner=True),
        SellerFactory(staff=[UserFactory()]),
        ProductFactory(),
        CancellationReasonFactory(refund=True, needs_description=True, seller_fault=True),
        CancellationReasonFactory(inactive=True),
    ):
        assert_valid(row)


def test_kept_figures_factories_build_valid_rows_of_one_seller():
    sales, figures = DailySalesFactory(), DailyReturnFiguresFactory(cancel=True)
    assert_valid(sales)
    assert_valid(figures)
    assert sales.seller == sales.product.seller
    assert figures.reason.cancellation_type == figures.cancellation_type == "cancel"


def test_weekly_figures_factories_build_valid_rows_and_daily_rows_reach_their_week():
    rows = (WeeklySalesFactory(), WeeklyReturnFiguresFactory(cancel=True), WeeklyProductFiguresFactory())
    for row in (*rows, ReturnHoursFactory(), ReturnHoursFactory(weekly=True, refund=True)):
        assert_valid(row)
    sales = DailySalesFactory(items=3)
    figures = DailyReturnFiguresFactory(decision_hours={"4": 1})
    assert WeeklySales.objects.get(product=sales.product).items == 3
    assert WeeklyReturnFigures.objects.get(seller=figures.seller, reason=figures.reason).requests == 1
    assert set(ReturnHours.objects.filter(seller=figures.seller).values_list("period", "hours", "requests")) == {
        ("day", 4, 1),
        ("week", 4, 1),
    }


def test_every_model_of_the_project_has_a_factory():
    from django.apps import apps
    from django.conf import settings

    import tests.factories as factories

    ours = {
        config.label
        for config in apps.get_app_configs()
        if Path(config.path).is_relative_to(settings.BASE_DIR) and "site-packages" not in Path(config.path).parts
    }
    models = {m for m in apps.get_models() if m._meta.app_label in ours}
    covered = {getattr(factories, name)._meta.model for name in factories.__all__ if name.endswith("Factory")}
    assert models <= covered, models - covered
    assert {OrderItem, CancellationRequest} <= covered
