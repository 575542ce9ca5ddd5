"""Factories of Returns Analytics' kept figures: a day's sales and a day's return figures."""

import factory
from django.utils import timezone

from orders.models import DailySales
from returns.choices import CancellationType
from returns.models import DailyReturnFigures

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
