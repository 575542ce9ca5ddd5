"""Benchmark: pages under load against the framework's own ceilings, refund drain and seeding.

`make bench` (or `python bench/run.py`) runs against PostgreSQL on loopback:
seeds a dataset (`--orders`), starts gunicorn with 2 sync workers, drives each page with
wrk (8 connections, warm-up, interleaved rounds, medians), times the customer's submit,
the mixed load, the refund drain with 1 and 2 workers, and `seed_demo --orders`; counts
each page's instructions with valgrind (`bench/instructions.py`) where it is installed;
then writes its sections of docs/benchmarks.md and bench/results/*.csv. `--smoke` does
all of it in seconds. The modules: `commands` (every command it runs), `load` (gunicorn,
wrk, the mixed load), `drain`, `instructions`, `fixtures` (data) and `report`.
"""

import argparse
import json
import shutil
import sys

from commands import (
    DEFAULT_ORDERS,
    MIGRATE,
    PY,
    SEED_TASKS_BACKEND,
    SMOKE_ORDERS,
    database_name,
    environment,
    free_port,
    fresh_database,
    instructions_command,
    manage,
    run,
)
from drain import drain
from load import MixedLoad, load_api_approve, load_pages, load_submit, start_gunicorn
from report import machine, write_pages_report, write_report


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="tiny dataset, seconds of load; checks the harness")
    parser.add_argument(
        "--pages-only",
        action="store_true",
        help="only the pages under load, on the database already seeded for --orders (its own report section)",
    )
    parser.add_argument("--pages", help="with --pages-only: only these pages (comma-separated); the ceilings too")
    parser.add_argument("--orders", type=int, default=DEFAULT_ORDERS)
    parser.add_argument("--duration", type=int, default=20, help="seconds of load per page and round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--drain-plans", type=int, default=5000)
    parser.add_argument("--database", help="default: sellercenter_bench_<orders>")
    parser.add_argument("--port", type=int, help="default: a free one")
    parser.add_argument("--report", default="docs/benchmarks.md", help="relative to the project")
    args = parser.parse_args()
    if args.smoke:
        args.orders, args.duration, args.rounds, args.drain_plans = SMOKE_ORDERS, 2, 1, 40
        args.report = "bench/results/smoke.md"
    args.database = args.database or database_name(args.orders)
    args.port = args.port or free_port()
    return args


def failures(pages: dict, drains: list[dict], mixed: dict) -> list[str]:
    mixed_failed = (
        mixed["errors"]
        or mixed["plans_not_completed"]
        or mixed["keys_paid_twice"]
        or not mixed["ledger_matches_payments"]
        or mixed["emails_unsent"]
    )
    return (
        (["mixed load"] if mixed_failed else [])
        + [name for name, r in pages.items() if r["non_2xx"]]
        + [f"drain {d['workers']}" for d in drains if d["not_completed"] or d["keys_paid_twice"]]
    )


def pages_only(args, env) -> int:
    """The pages under load on a seeded database: no seeding, submit, mixed load, drain or counts."""
    manage({**env, "DJANGO_TASKS_BACKEND": SEED_TASKS_BACKEND}, *MIGRATE)
    approvals = str(40 * args.duration * args.rounds)  # more returns than the API's approve gets through
    prepared = json.loads(run([PY, "bench/fixtures.py", "prepare", "0", approvals], env).stdout)
    if args.pages:
        chosen = {"ceiling_anonymous", "ceiling_login", *args.pages.split(",")}
        prepared["pages"] = {name: page for name, page in prepared["pages"].items() if name in chosen}
    server = start_gunicorn(args, env)
    try:
        pages = load_pages(args, prepared)
        if "api_claim_approve" in prepared["pages"]:
            pages["api_claim_approve"] = load_api_approve(args, prepared)
    finally:
        server.terminate()
        server.wait(timeout=30)
    write_pages_report(args, pages)
    return 1 if any(r["non_2xx"] for r in pages.values()) else 0


def main() -> int:
    args = parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is required: apt-get install wrk")
    env = environment(args.database)
    if args.pages_only:
        return pages_only(args, env)
    meta = {"machine": machine(), **fresh_database(args.database, args.orders, env)}
    targets = str(3000 if not args.smoke else 50)
    approvals = str(40 * args.duration * args.rounds)
    prepared = json.loads(run([PY, "bench/fixtures.py", "prepare", targets, approvals], env).stdout)
    server = start_gunicorn(args, env)
    try:
        pages = load_pages(args, prepared)
        pages["customer_submit"] = load_submit(args, prepared)
        pages["api_claim_approve"] = load_api_approve(args, prepared)
        mixed = MixedLoad(args, env, prepared).run()
    finally:
        server.terminate()
        server.wait(timeout=30)
    drains = [drain(args.database, env, plans=args.drain_plans, workers=n) for n in (1, 2)]
    counted = None
    if shutil.which("valgrind"):  # `make bench-instructions` runs it alone
        counted = 1 if args.smoke else 10
        run(instructions_command(args, counted), env)
    write_report(args, meta, pages, drains, mixed, counted)
    failed = failures(pages, drains, mixed)
    if failed:
        print("FAILED:", ", ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
