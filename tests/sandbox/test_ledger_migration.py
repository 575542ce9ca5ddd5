"""The sandbox ledger's move out of `returns` keeps the rows of an existing database."""

from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from sandbox.models import LedgerRefund

BEFORE = [("returns", "0004_plan_needs_attention"), ("sandbox", None)]
AFTER = [("returns", "0005_sandbox_ledger_moves_out"), ("sandbox", "0001_ledger")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state([target for target in targets if target[1]]).apps


@pytest.mark.django_db(transaction=True)
def test_a_database_with_the_ledger_in_returns_keeps_its_rows_in_the_sandbox_app():
    # given a database from before the move, with a refund in the ledger
    old_apps = _migrate(BEFORE)
    old_apps.get_model("returns", "SandboxGatewayRefund").objects.create(
        idempotency_key="k" * 32, payment_reference="PAY-1", amount=Decimal("100.00"), reference="RF-1"
    )
    try:
        # when it is migrated
        _migrate(AFTER)
        # then the sandbox gateway finds the refund under its key, and the old table is gone
        row = LedgerRefund.objects.get(idempotency_key="k" * 32)
        assert (row.reference, row.amount) == ("RF-1", Decimal("100.00"))
        assert "returns_sandboxgatewayrefund" not in connection.introspection.table_names()
        LedgerRefund.objects.create(idempotency_key="n" * 32, payment_reference="PAY-2", amount=1, reference="RF-2")
    finally:
        _migrate(AFTER)
        LedgerRefund.objects.all().delete()


@pytest.mark.django_db(transaction=True)
def test_the_ledger_migrations_can_be_reversed_and_applied_again():
    try:
        _migrate(BEFORE)
        assert "sandbox_ledgerrefund" not in connection.introspection.table_names()
        assert "returns_sandboxgatewayrefund" in connection.introspection.table_names()
    finally:
        _migrate(AFTER)
    assert LedgerRefund.objects.count() == 0
