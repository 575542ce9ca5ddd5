"""The daily figures the workflow keeps equal the figures rebuilt from raw rows, whatever happens."""

import pytest
from hypothesis import HealthCheck, settings
from hypothesis.stateful import invariant, run_state_machine_as_test

from orders.figures import daily_sales_from_raw, daily_sales_kept, weekly
from orders.models import WeeklySales
from returns import payments
from returns.figure_levels import levels_from_raw, levels_kept
from returns.figures import figures_from_raw, figures_kept
from tests.returns.test_state_machine import ReturnsMachine


class FiguresMachine(ReturnsMachine):
    """The random journeys of customers, sellers, owners, the clock and the workers."""

    @invariant()
    def the_kept_figures_are_the_rebuilt_figures(self):
        sales = daily_sales_from_raw()
        assert daily_sales_kept() == sales
        assert daily_sales_kept(WeeklySales) == {key: n for key, n in weekly(sales).items() if n}
        raw = figures_from_raw()
        assert figures_kept() == raw
        assert levels_kept() == levels_from_raw(raw)


@pytest.mark.django_db
def test_after_any_random_workflow_the_kept_figures_equal_a_rebuild_from_raw_rows():
    configured = payments._gateway
    payments._gateway = lambda: ReturnsMachine.gateway
    try:
        run_state_machine_as_test(
            FiguresMachine,
            settings=settings(
                max_examples=15,
                stateful_step_count=30,
                deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
            ),
        )
    finally:
        payments._gateway = configured
