"""The refund drain: approved return plans with their refund task queued, drained by `db_worker --batch`.

`python bench/drain.py --orders N --workers 2` runs it alone against the database that
`make bench` or `make bench-instructions` seeded for N orders (`make bench` runs it with
1 and then 2 workers). It approves `--plans` returns (their tasks queued on commit),
starts the workers, times them until the queue is empty, then checks that every plan
completed and that no idempotency key was paid twice.
"""

import argparse
import json
import subprocess
import sys
import time

from commands import (
    DEFAULT_ORDERS,
    DRAIN_WORKER,
    PY,
    ROOT,
    database_name,
    environment,
    manage_command,
    psql_command,
    quiet,
    run,
    shell,
)

VERIFY = (
    "from returns.models import CancellationPlan as P, RefundLine as L, SandboxGatewayRefund as G;"
    "from django.db.models import Count;"
    "print(P.objects.exclude(status='completed').count(), "
    "G.objects.values('idempotency_key').annotate(n=Count('pk')).filter(n__gt=1).count(), "
    "L.objects.count(), G.objects.count())"
)


def drain(database: str, env, *, plans: int, workers: int) -> dict:
    """Approve `plans` returns, then time `workers` db_workers draining their refund tasks."""
    workers_env = quiet(env)
    run([PY, "bench/fixtures.py", "plans", str(plans)], workers_env)
    # What autovacuum would have done by now (it may be off on a benchmark machine): the
    # stages before leave dead task rows that every worker's pick would walk through.
    run(psql_command("VACUUM ANALYZE", database), env)
    cmd = manage_command(*DRAIN_WORKER)
    started = time.monotonic()
    procs = [
        subprocess.Popen(cmd, cwd=ROOT, env=workers_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(workers)
    ]
    for proc in procs:
        proc.wait()
    seconds = time.monotonic() - started
    check = shell(workers_env, VERIFY)
    return {
        "workers": workers,
        "plans": plans,
        "seconds": seconds,
        "plans_per_second": plans / seconds,
        "not_completed": int(check[0]),
        "keys_paid_twice": int(check[1]),
        "lines": int(check[2]),
        "gateway_refunds": int(check[3]),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orders", type=int, default=DEFAULT_ORDERS, help="which seeded database to use")
    parser.add_argument("--database", help="default: the one seeded for --orders")
    parser.add_argument("--plans", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    database = args.database or database_name(args.orders)
    result = drain(database, environment(database), plans=args.plans, workers=args.workers)
    print(json.dumps(result))
    return 1 if result["not_completed"] or result["keys_paid_twice"] else 0


if __name__ == "__main__":
    sys.exit(main())
