"""The refund drain: approved return plans with their refund task queued, drained by `db_worker --batch`.

`python bench/drain.py --orders N --workers 2` runs it alone against the database that
`make bench` or `make bench-instructions` seeded for N orders (`make bench` runs it with
1 and then 2 workers). It approves `--plans` returns (their tasks queued on commit),
starts the workers, times them until the queue is empty, then checks that every plan
completed and that no idempotency key was paid twice.

With `--instructions`, one worker drains the plans in-process under valgrind instead
(after two warm-up plans): instructions and SQL statements per plan, in the worker's
process only, which repeat from run to run where plans per second do not.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

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
    "from returns.models import CancellationPlan as P, RefundLine as L;"
    "from sandbox.models import LedgerRefund as G;"
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


def count_worker(tasks: int) -> None:
    """In the counted process: drain two plans, then `tasks` more with counting on."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sellercenter.settings.base")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    statements = []
    worker = (*DRAIN_WORKER, "--max-tasks")
    call_command(*worker, "2")
    subprocess.run(["callgrind_control", "--instr=on", str(os.getpid())], check=True, capture_output=True)
    with connection.execute_wrapper(lambda execute, *args: statements.append(1) or execute(*args)):
        call_command(*worker, str(tasks))
    subprocess.run(["callgrind_control", "--instr=off", str(os.getpid())], check=True, capture_output=True)
    print(json.dumps({"statements": len(statements)}))


def instructions(database: str, env, *, plans: int) -> dict:
    """Approve `plans` + 2 returns and count one worker's instructions and statements per plan."""
    workers_env = quiet(env)
    run([PY, "bench/fixtures.py", "plans", str(plans + 2)], workers_env)
    run(psql_command("VACUUM ANALYZE", database), env)
    cmd = ["valgrind", "--tool=callgrind", "--instr-atstart=no", "--callgrind-out-file=/dev/null"]
    cmd += [PY, str(Path(__file__).resolve()), "--child", str(plans)]
    result = subprocess.run(cmd, cwd=ROOT, env=workers_env, text=True, capture_output=True, check=False)
    found = re.search(r"Collected : (\d+)", result.stderr)
    if result.returncode or not found:
        sys.exit(f"valgrind failed\n{result.stderr[-2000:]}")
    check = shell(workers_env, VERIFY)
    return {
        "plans": plans,
        "instructions_per_plan": int(found.group(1)) // plans,
        "statements_per_plan": json.loads(result.stdout.strip().splitlines()[-1])["statements"] / plans,
        "not_completed": int(check[0]),
        "keys_paid_twice": int(check[1]),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orders", type=int, default=DEFAULT_ORDERS, help="which seeded database to use")
    parser.add_argument("--database", help="default: the one seeded for --orders")
    parser.add_argument("--plans", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--instructions", action="store_true", help="count one worker's work per plan instead")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        count_worker(args.child)
        return 0
    database = args.database or database_name(args.orders)
    env = environment(database)
    if args.instructions:
        result = instructions(database, env, plans=args.plans)
    else:
        result = drain(database, env, plans=args.plans, workers=args.workers)
    print(json.dumps(result))
    return 1 if result["not_completed"] or result["keys_paid_twice"] else 0


if __name__ == "__main__":
    sys.exit(main())
