"""The report: CSV files under bench/results/ and generated sections of docs/benchmarks.md.

Each tool writes its own section between `<!-- begin NAME -->` and `<!-- end NAME -->`
markers and leaves the rest of the file, written by hand, as it is.
"""

import csv
import os
import platform
import re
import subprocess
import sys
import time
from pathlib import Path

from commands import (
    DRAIN_WORKER,
    MIXED_WORKERS,
    ROOT,
    WORKER_LOG_LEVEL,
    database_commands,
    gunicorn_command,
    instructions_command,
    manage_command,
    settings_shown,
    shown,
    warmup_seconds,
    wrk_command,
)

RESULTS = ROOT / "bench" / "results"


def write_section(path: str | Path, name: str, text: str) -> None:
    """Put `text` between the markers of section `name` in `path` (appended when the section is new)."""
    path = ROOT / path
    block = f"<!-- begin {name} -->\n{text.strip()}\n<!-- end {name} -->"
    old = path.read_text() if path.exists() else "# Benchmarks\n"
    pattern = re.compile(rf"<!-- begin {re.escape(name)} -->.*?<!-- end {re.escape(name)} -->", re.S)
    new = pattern.sub(lambda _: block, old) if pattern.search(old) else f"{old.rstrip()}\n\n{block}\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(new)


def write_csv(name: str, header: list[str], rows) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    with open(RESULTS / name, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)


def read_csv(name: str) -> list[dict] | None:
    if not (RESULTS / name).exists():
        return None
    with open(RESULTS / name, newline="") as f:
        return list(csv.DictReader(f))


def machine() -> dict:
    def version(cmd):
        try:
            return subprocess.run(cmd, check=True, text=True, capture_output=True).stdout.strip().splitlines()[0]
        except (OSError, subprocess.CalledProcessError):
            return "?"

    return {
        "cpu": version(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"]).strip(),
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "postgres": version(["psql", "--version"]),
        "wrk": version(["sh", "-c", "wrk -v 2>&1 | head -1"]),
        "django": __import__("django").get_version(),
    }


def commands_section(args, instructions_requests: int | None) -> list[str]:
    lines = [
        "### Commands",
        "",
        "From the project's root, in its virtualenv. Every command ran with these settings (and a secret key): "
        f"`{settings_shown(args.database)}`.",
        "",
        f"- database: {database_commands(args.database, args.orders)}",
        f"- web: {shown(gunicorn_command(args.port))}",
        f"- each page, after a {warmup_seconds(args)} s warm-up: "
        f"{shown(wrk_command(args, '<url>', '<session>', args.duration))}; rounds: {args.rounds}",
        "- customer submit and mixed load: the harness's own HTTP clients (`bench/load.py`: `load_submit`, "
        "`MixedLoad`), one keep-alive connection per thread",
        f"- mixed load, in the background, with `DJANGO_LOG_LEVEL={WORKER_LOG_LEVEL}`: "
        + ", ".join(shown(manage_command(*cmd)) for cmd in MIXED_WORKERS),
        f"- refund drain, with `DJANGO_LOG_LEVEL={WORKER_LOG_LEVEL}`: {shown(manage_command(*DRAIN_WORKER))}, "
        "1 then 2 processes",
    ]
    if instructions_requests:
        counted = instructions_command(args, instructions_requests)
        lines.append(
            f"- work per page: {shown(counted)}, each page served in one process under "
            "`valgrind --tool=callgrind --instr-atstart=no`"
        )
    return [*lines, ""]


def write_results(args, pages: dict, drains: list[dict]) -> None:
    ceiling = pages["ceiling_login"]["rps"]
    suffix = "-smoke" if args.smoke else ""
    write_csv(
        f"pages{suffix}.csv",
        ["page", "url", "rps", "ratio_to_login_ceiling", "p50_ms", "p99_ms", "non_2xx", "queries", "html_bytes"],
        (
            [
                *(name, r["url"], f"{r['rps']:.1f}", f"{r['rps'] / ceiling:.2f}"),
                *(f"{r['p50_ms']:.1f}", f"{r['p99_ms']:.1f}", r["non_2xx"], r["queries"], r["bytes"]),
            ]
            for name, r in pages.items()
        ),
    )
    write_csv(f"drain{suffix}.csv", list(drains[0]), ([d[k] for k in drains[0]] for d in drains))


def pages_lines(args, pages: dict) -> list[str]:
    ceiling = pages["ceiling_login"]["rps"] or float("nan")  # a ceiling that served nothing has no ratio
    return [
        "### Pages under load",
        "",
        "Ratio is requests per second relative to the logged-in ceiling (a view that only loads the session "
        "and the user), served by the same gunicorn. Load is the machine's 1-minute load average as each "
        "sample ended (median): on a shared machine it says how much of the latency is other work.",
        "",
        "| page | req/s | ratio | p50 ms | p99 ms | non-2xx | queries | HTML bytes | load |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        *[
            f"| {name} (`{r['url']}`) | {r['rps']:.0f} | {r['rps'] / ceiling:.2f} | {r['p50_ms']:.1f} | "
            f"{r['p99_ms']:.1f} | {r['non_2xx']} | {r['queries']} | {r['bytes']} | {r.get('load', 0):.1f} |"
            for name, r in pages.items()
        ],
        "",
        *(
            [
                "`customer_submit` is one POST of Return Selected Items per order (each a real cancellation "
                "request); its non-2xx counts answers other than the redirect after success.",
                "",
            ]
            if "customer_submit" in pages
            else []
        ),
    ]


def drain_lines(drains: list[dict]) -> list[str]:
    return [
        "### Refund drain",
        "",
        "Approved return plans with their refund task queued in django-tasks-db, drained by `db_worker --batch` "
        "processes against the sandbox gateway. The workers queue each plan's refund email for the mailer; "
        "sending it is not part of these timings.",
        "",
        "| workers | plans | seconds | plans/s | not completed | keys paid twice |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
        *[
            f"| {d['workers']} | {d['plans']} | {d['seconds']:.1f} | {d['plans_per_second']:.1f} | "
            f"{d['not_completed']} | {d['keys_paid_twice']} |"
            for d in drains
        ],
        "",
    ]


def mixed_lines(mixed: dict) -> list[str]:
    return [
        "### Mixed load",
        "",
        f"For {mixed['seconds']} s, 4 customers asked for returns through the store while 2 seller sessions "
        "confirmed waiting requests in Seller Center, 2 `db_worker` processes ran the refunds, the mailer sent the "
        "queued emails and the sweeper ran every 2 s (it also approves the seeded backlog of overdue requests); "
        "then the sweeper stopped and the workers and the mailer drained what was left.",
        "",
        f"- return requests created: {mixed['requests']}; confirmations: {mixed['confirms']}; confirmations "
        f"refused because the other seller session had just decided: {mixed['refused']}; HTTP errors: "
        f"{mixed['errors']}",
        f"- plans not completed: {mixed['plans_not_completed']}; idempotency keys paid twice: "
        f"{mixed['keys_paid_twice']}; payments refunded above captured: {mixed['payments_over_refunded']}; "
        f"gateway ledger equals refunded totals: {mixed['ledger_matches_payments']}",
        f"- emails sent by the mailer: {mixed['emails_sent']}; left unsent: {mixed['emails_unsent']}",
        "",
    ]


def write_pages_report(args, pages) -> None:
    """The section of `run.py --pages-only`: the pages under load on an already seeded database."""
    lines = [
        f"## Pages under load at {args.orders:,} orders (`bench/run.py --pages-only`)",
        "",
        f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} by "
        f"`{' '.join(['python', 'bench/run.py', *sys.argv[1:]])}`: gunicorn, 2 sync workers; wrk, 2 threads, "
        f"{args.connections} connections, {args.duration} s per page per round after a "
        f"{warmup_seconds(args)} s warm-up, {args.rounds} interleaved rounds, medians.",
        "",
        *pages_lines(args, pages)[2:],
    ]
    write_section(args.report, f"pages-{args.orders}", "\n".join(lines))
    print("\n".join(lines))


def write_report(args, meta, pages, drains, mixed, instructions_requests=None) -> None:
    """The latency run's section of the report (`make bench`), and its CSV files."""
    write_results(args, pages, drains)
    lines = [
        f"## Latency and throughput at {meta['seed_orders']:,} orders (`make bench`)",
        "",
        f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} by "
        f"`{' '.join(['python', 'bench/run.py', *sys.argv[1:]])}`.",
        "",
        *[f"- {k}: {v}" for k, v in meta["machine"].items()],
        f"- dataset: demo data + `seed_demo --orders {meta['seed_orders']}` on PostgreSQL (loopback); "
        f"seeding took {meta['seed_seconds']:.1f} s ({meta['seed_orders'] / meta['seed_seconds']:.0f} orders/s)",
        f"- web: gunicorn, 2 sync workers; load: wrk, 2 threads, {args.connections} connections, "
        f"{args.duration} s per page per round after a warm-up, {args.rounds} interleaved rounds, medians",
        "",
        *pages_lines(args, pages),
        *drain_lines(drains),
        *mixed_lines(mixed),
        *commands_section(args, instructions_requests),
    ]
    write_section(args.report, "latency", "\n".join(lines))
    print("\n".join(lines))
