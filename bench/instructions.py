"""Instructions per request, counted by valgrind: page costs that a noisy machine cannot blur.

`make bench-instructions` (or `python bench/instructions.py --orders N`) seeds the
database for N generated orders when it does not hold them yet (timed), then serves each
page in-process through Django's WSGI handler, as gunicorn would call it: warmed up,
then counted over `--requests` requests under `valgrind --tool=callgrind`, with counting
switched on only around those requests; once in English (the browser asks for no language)
and once in Turkish (it asks for `tr`). The count covers Python and
its C code in the web process, not PostgreSQL's own work. It repeats exactly from run
to run, so it shows what a change did where wrk's requests per second move by 10-20%
between runs on a shared machine. Each page is checked against its budget (a multiple
of the logged-in ceiling) and, with `--compare`, against the figures of another dataset
size (cost must not grow with data). Writes bench/results/instructions-N.csv and its
section of docs/benchmarks.md.
"""

import argparse
import gc
import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from commands import (
    DEFAULT_ORDERS,
    MIGRATE,
    PY,
    ROOT,
    SEED_TASKS_BACKEND,
    database_commands,
    database_name,
    environment,
    fresh_database,
    manage,
    run,
    seeded_orders,
    settings_shown,
    shown,
)
from report import read_csv, write_csv, write_section

COLLECTED = re.compile(r"Collected : (\d+)")
LANGUAGE = "tr,en;q=0.8"  # what a Turkish reader's browser asks for

# Each page's budget, in instructions per request as a multiple of the logged-in ceiling's.
BUDGETS = {
    "my_orders": 5,
    "order_details": 7,
    "order_details_50_items": 18,
    "owner_orders": 28,
    "owner_orders_by_status": 28,
    "owner_orders_number_prefix": 28,
    "owner_requests": 28,
    "owner_plans": 28,
    "owner_order_detail_50_items": 20,
    "seller_requests": 28,
    "seller_packages": 28,
    "owner_analytics": 30,
    "owner_analytics_year": 30,
    "seller_analytics": 30,
    "api_claims": 8,  # an integration polls it all day (issue 20)
}
GROWTH_LIMIT = 0.10  # a page's instructions and queries on a bigger dataset: at most 10% above


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orders", type=int, default=DEFAULT_ORDERS, help="generated orders in the dataset")
    parser.add_argument("--database", help="default: sellercenter_bench_<orders>")
    parser.add_argument("--seed", action="store_true", help="seed the database again even when it holds the orders")
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--pages", help="only these pages (comma-separated names); the ceilings are always counted")
    parser.add_argument("--compare", type=int, help="also show growth against the figures of this dataset size")
    parser.add_argument("--report", default="docs/benchmarks.md", help="relative to the project; '-' for none")
    parser.add_argument("--child", metavar="REQUESTS_JSON", help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.database = args.database or database_name(args.orders)
    return args


WARMUP = 5


def serve(spec: dict) -> None:
    """In the counted process: warm up, then count `spec["count"]` requests (`spec["urls"]`, one each)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sellercenter.settings.base")
    import django

    django.setup()
    from django.core.handlers.wsgi import WSGIHandler

    handler = WSGIHandler()
    gc.freeze()  # as gunicorn's master does before it forks a worker (gunicorn.conf.py `pre_fork`)
    headers = dict(spec["headers"])
    method = spec["method"]
    payload = b"{}" if method == "POST" else b""
    if method == "POST":
        headers.update(CONTENT_TYPE="application/json", CONTENT_LENGTH=str(len(payload)))
    urls = iter(spec["urls"])

    def hit():
        url = next(urls)
        path, _, query = url.partition("?")
        environ = {
            "REQUEST_METHOD": method,
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80",
            "HTTP_HOST": "127.0.0.1",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "wsgi.input": io.BytesIO(payload),
            "wsgi.errors": sys.stderr,
            "wsgi.url_scheme": "http",
            **headers,
        }
        status = []
        body = handler(environ, lambda s, headers, *exc: status.append(s))
        b"".join(body)
        body.close()
        if not status[0].startswith("200"):
            raise SystemExit(f"{url}: {status[0]}")

    for _ in range(WARMUP):
        hit()
    subprocess.run(["callgrind_control", "--instr=on", str(os.getpid())], check=True, capture_output=True)
    for _ in range(spec["count"]):
        hit()
    subprocess.run(["callgrind_control", "--instr=off", str(os.getpid())], check=True, capture_output=True)


def credentials(page: dict, session: str | None) -> dict:
    """The page's sign-in, as WSGI headers: the API's key, or the user's session cookie."""
    if "key" in page:
        return {"HTTP_AUTHORIZATION": f"Token {page['key']}"}
    return {"HTTP_COOKIE": f"sessionid={session}"} if session else {}


def count(env, page: dict, session: str | None, requests: int, language: str | None) -> float:
    """Instructions per request; a page of `targets` (a POST) spends one target per request."""
    if page.get("method") == "POST":
        targets = [page["targets"].pop() for _ in range(WARMUP + requests)]
        urls = [page["url"].replace("<id>", str(target)) for target in targets]
    else:
        urls = [page["url"]] * (WARMUP + requests)
    headers = {**credentials(page, session), **({"HTTP_ACCEPT_LANGUAGE": language} if language else {})}
    spec = {"urls": urls, "method": page.get("method", "GET"), "headers": headers, "count": requests}
    cmd = [
        "valgrind",
        "--tool=callgrind",
        "--instr-atstart=no",
        "--callgrind-out-file=/dev/null",
        PY,
        str(Path(__file__).resolve()),
        "--child",
        json.dumps(spec),
    ]
    result = subprocess.run(cmd, cwd=ROOT, env=env, text=True, capture_output=True, check=False)
    found = COLLECTED.search(result.stderr)
    if result.returncode or not found:
        sys.exit(f"{page['url']}: valgrind failed\n{result.stderr[-2000:]}")
    return int(found.group(1)) / requests


def measure(args, pages: dict, sessions: dict, turkish: dict) -> list[dict]:
    """Count every page in English, then in Turkish (a Turkish browser, and signed-in users' sessions
    in Turkish); ratios to the ceiling counted the same way."""
    env = environment(args.database)
    off = {name: count(env, p, sessions.get(p["user"]), args.requests, None) for name, p in pages.items()}
    on = {name: count(env, p, turkish.get(p["user"]), args.requests, LANGUAGE) for name, p in pages.items()}
    return [
        {
            "page": name,
            "url": page["url"],
            "queries": page["queries"],
            "queries_turkish": page["queries_turkish"],
            "instructions": round(off[name]),
            "ratio": round(off[name] / off["ceiling_login"], 2),
            "instructions_turkish": round(on[name]),
            "ratio_turkish": round(on[name] / on["ceiling_login"], 2),
            "budget": BUDGETS.get(name, ""),
        }
        for name, page in pages.items()
    ]


def growth(row: dict, baseline: dict | None) -> tuple[str, str, bool]:
    """This page's instructions and queries against the baseline's, and whether both are within the limit."""
    if not baseline:
        return "", "", True
    more = row["instructions"] / float(baseline["instructions"]) - 1
    queries = int(row["queries"]) - int(baseline["queries"])
    within = more <= GROWTH_LIMIT and int(row["queries"]) <= int(baseline["queries"]) * (1 + GROWTH_LIMIT)
    return f"{more:+.1%}", f"{queries:+d}", within


def table(args, rows: list[dict], seed: dict | None) -> list[str]:
    baseline = {r["page"]: r for r in read_csv(f"instructions-{args.compare}.csv") or []} if args.compare else {}
    compared = f" | vs {args.compare:,}: instructions | queries | within 10%" if baseline else ""
    lines = [
        f"## Work per page at {args.orders:,} orders (`make bench-instructions`)",
        "",
        f"Instructions per request (valgrind callgrind, mean of {args.requests} after 5 warm-up requests, web "
        "process only), as a multiple of the logged-in ceiling's, in English and in Turkish; queries per request.",
        "",
        "| page | queries (Turkish) | million instructions | × ceiling | in Turkish: million | × ceiling | "
        f"translation | budget | met{compared} |",
        f"| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |{' ---: | ---: | --- |' if baseline else ''}",
    ]
    for row in rows:
        budget = row["budget"]
        met = "" if not budget else ("yes" if max(row["ratio"], row["ratio_turkish"]) <= budget else "**no**")
        line = (
            f"| {row['page']} (`{row['url']}`) | {row['queries']} ({row['queries_turkish']}) | "
            f"{row['instructions'] / 1e6:.1f} | {row['ratio']:.1f} | {row['instructions_turkish'] / 1e6:.1f} | "
            f"{row['ratio_turkish']:.1f} | {row['instructions_turkish'] / row['instructions'] - 1:+.0%} | "
            f"{f'≤ {budget}' if budget else ''} | {met} |"
        )
        if baseline:
            more, queries, within = growth(row, baseline.get(row["page"]))
            line += f" {more} | {queries} | {'yes' if within else '**no**'} |"
        lines.append(line)
    if seed:
        lines += [
            "",
            f"Seeded for this run: `seed_demo --orders {seed['seed_orders']}` in {seed['seed_seconds']:.1f} s "
            f"(1-minute load average {seed['load']:.1f} when it finished): "
            f"{database_commands(args.database, args.orders)}.",
        ]
    return [
        *lines,
        "",
        f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} by {shown([PY, *sys.argv])} with "
        f"`{settings_shown(args.database)}` (and a secret key); each page served in its own process under "
        "`valgrind --tool=callgrind --instr-atstart=no`, the pages of `bench/fixtures.py prepare`.",
    ]


def main() -> int:
    args = parse_args()
    if args.child:
        serve(json.loads(args.child))
        return 0
    if not shutil.which("valgrind"):
        sys.exit("valgrind is required: apt-get install valgrind")
    env = environment(args.database)
    seed = None
    if args.seed or seeded_orders(args.database, env) != args.orders:
        seed = {**fresh_database(args.database, args.orders, env), "load": os.getloadavg()[0]}
    else:  # seeded earlier: bring its schema up to this checkout's migrations
        manage({**env, "DJANGO_TASKS_BACKEND": SEED_TASKS_BACKEND}, *MIGRATE)
    approvals = 2 * (WARMUP + args.requests) + 4  # the approve page's claims: each approved once
    prepared = json.loads(run([PY, "bench/fixtures.py", "prepare", "0", str(approvals)], env).stdout)
    pages = prepared["pages"]
    if args.pages:
        chosen = {"ceiling_anonymous", "ceiling_login", *args.pages.split(",")}
        pages = {name: page for name, page in pages.items() if name in chosen}
    rows = measure(args, pages, prepared["sessions"], prepared["sessions_turkish"])
    write_csv(f"instructions-{args.orders}.csv", list(rows[0]), ([r[k] for k in rows[0]] for r in rows))
    lines = table(args, rows, seed)
    if args.report != "-":
        write_section(args.report, f"instructions-{args.orders}", "\n".join(lines))
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
