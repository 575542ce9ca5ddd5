"""Factories of Returns Analytics' kept figures: a day's sales and a day's return figures (each
added to its week's rows as the workflow would), and the weekly rows themselves."""

import factory
from django.utils import timezone

from orders.figures import week_of, weekly_sales_add
from orders.models import DailySales, WeeklySales
from returns.choices import CancellationType
from returns.figure_levels import levels_add
from returns.models import DailyReturnFigures, ReturnHours, WeeklyProductFigures, WeeklyReturnFigures
from returns.models.figures import COUNTS

from .orders import ProductFactory
from .returns import CancellationReasonFactory


class DailySalesFactory(factory.django.DjangoModelFactory):
    """Today's sales of a product: `items` sold."""

    class Meta:
        model = DailySales

    day = factory.LazyFunction(timezone.localdate)
    product = factory.SubFactory(ProductFactory)
    seller = factory.SelfAttribute("product.seller")
    items = 1

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        row = super()._create(model_class, *args, **kwargs)
        weekly_sales_add({(row.day, row.seller_id, row.product_id): row.items})
        return row


class DailyReturnFiguresFactory(factory.django.DjangoModelFactory):
    """Today's figures of a product's returns for one reason: one request, still waiting."""

    class Meta:
        model = DailyReturnFigures

    class Params:
        cancel = factory.Trait(cancellation_type=CancellationType.CANCEL)

    day = factory.LazyFunction(timezone.localdate)
    product = factory.SubFactory(ProductFactory)
    seller = factory.SelfAttribute("product.seller")
    cancellation_type = CancellationType.REFUND
    reason = factory.SubFactory(
        CancellationReasonFactory, cancellation_type=factory.SelfAttribute("..cancellation_type")
    )
    requests = 1
    items = 1

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        row = super()._create(model_class, *args, **kwargs)
        fields = [*COUNTS, "refunded_amount", "decision_hours", "refund_hours"]
        key = (row.day, row.seller_id, row.product_id, row.reason_id, row.cancellation_type)
        levels_add({}, {key: {name: getattr(row, name) for name in fields}})
        return row


class WeeklySalesFactory(factory.django.DjangoModelFactory):
    """This week's sales of a product: `items` sold."""

    class Meta:
        model = WeeklySales

    week = factory.LazyFunction(lambda: week_of(timezone.localdate()))
    product = factory.SubFactory(ProductFactory)
    seller = factory.SelfAttribute("product.seller")
    items = 1


class WeeklyReturnFiguresFactory(factory.django.DjangoModelFactory):
    """This week's figures of a seller's returns for one reason: one request, still waiting."""

    class Meta:
        model = WeeklyReturnFigures

    class Params:
        cancel = factory.Trait(cancellation_type=CancellationType.CANCEL)

    week = factory.LazyFunction(lambda: week_of(timezone.localdate()))
    seller = factory.SubFactory("tests.factories.orders.SellerFactory")
    cancellation_type = CancellationType.REFUND
    reason = factory.SubFactory(
        CancellationReasonFactory, cancellation_type=factory.SelfAttribute("..cancellation_type")
    )
    requests = 1
    items = 1


class WeeklyProductFiguresFactory(factory.django.DjangoModelFactory):
    """This week's figures of a product's returns: one request."""

    class Meta:
        model = WeeklyProductFigures

    week = factory.LazyFunction(lambda: week_of(timezone.localdate()))
    product = factory.SubFactory(ProductFactory)
    seller = factory.SelfAttribute("product.seller")
    requests = 1
    items = 1


class ReturnHoursFactory(factory.django.DjangoModelFactory):
    """Today's count of a seller's requests decided within an hour."""

    class Meta:
        model = ReturnHours

    class Params:
        weekly = factory.Trait(
            period=ReturnHours.Period.WEEK, start=factory.LazyFunction(lambda: week_of(timezone.localdate()))
        )
        refund = factory.Trait(measure=ReturnHours.Measure.REFUND)

    period = ReturnHours.Period.DAY
    start = factory.LazyFunction(timezone.localdate)
    seller = factory.SubFactory("tests.factories.orders.SellerFactory")
    measure = ReturnHours.Measure.DECISION
    hours = 1
    requests = 1
