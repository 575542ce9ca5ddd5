"""Benchmark: pages under load against the framework's own ceilings, refund drain and seeding.

`make bench` (or `python bench/run.py`) runs against PostgreSQL on loopback:
seeds a dataset, starts gunicorn with 2 sync workers, drives each page with wrk
(8 connections, warm-up, interleaved rounds, medians), times the customer's submit,
the refund drain with 1 and 2 workers, and `seed_demo --orders`; counts each page's
instructions with valgrind (`bench/instructions.py`) where it is installed; then writes
docs/benchmarks.md and bench/results/*.csv. `--smoke` does all of it in seconds.
"""

import argparse
import csv
import http.client
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
CSRF = "benchcsrftokenbenchcsrftoken1234"  # 32 characters: an unmasked CSRF secret


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="tiny dataset, seconds of load; checks the harness")
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--duration", type=int, default=20, help="seconds of load per page and round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--drain-plans", type=int, default=5000)
    parser.add_argument("--database", default="sellercenter_bench")
    parser.add_argument("--port", type=int, default=8791)
    parser.add_argument("--report", default=str(ROOT / "docs" / "benchmarks.md"))
    args = parser.parse_args()
    if args.smoke:
        args.orders, args.duration, args.rounds, args.drain_plans = 300, 2, 1, 40
        args.database += "_smoke"
        args.report = str(ROOT / "bench" / "results" / "smoke.md")
    return args


def settings_environment(args) -> dict:
    """The settings every command of the benchmark runs with (reported, but for the secret key)."""
    return {
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{args.database}",
        "DJANGO_DEBUG": "false",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_SECURE_COOKIES": "false",
        "DJANGO_SECURE_HSTS_SECONDS": "0",
        "DJANGO_STATICFILES_STORAGE": "sellercenter.storage.StaticFilesStorage",
        "DJANGO_ROOT_URLCONF": "bench.urls",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "DJANGO_LOG_LEVEL": "WARNING",
    }


def environment(args) -> dict:
    return {
        **os.environ,
        **settings_environment(args),
        "DJANGO_SECRET_KEY": "benchmark-only-secret-key-" + "b" * 40,
        "PYTHONPATH": str(ROOT),
    }


# The commands, built in one place for running them and for the report.


def manage_command(*args) -> list[str]:
    return [PY, "manage.py", *args]


def gunicorn_command(args) -> list[str]:
    return [
        PY,
        "-m",
        "gunicorn",
        "--config",
        "gunicorn.conf.py",
        "--workers",
        "2",
        "--bind",
        f"127.0.0.1:{args.port}",
        "--access-logfile",
        "/dev/null",
        "sellercenter.wsgi",
    ]


def wrk_command(args, url: str, session: str | None, seconds: int) -> list[str]:
    cmd = ["wrk", "-t2", f"-c{args.connections}", f"-d{seconds}s", "--latency", "--timeout", "5s"]
    if session:
        cmd += ["-H", f"Cookie: sessionid={session}"]
    return [*cmd, f"http://127.0.0.1:{args.port}{url}"]


def warmup_seconds(args) -> int:
    return 1 if args.smoke else 2


def psql_command(args, sql: str, database: str | None = None) -> list[str]:
    return ["psql", "-h", "127.0.0.1", "-U", "postgres", *(["-d", database] if database else []), "-qc", sql]


MIGRATE = ("migrate", "--noinput", "-v0")
SEED = ("seed_demo", "--orders")
SEED_TASKS_BACKEND = "django.tasks.backends.dummy.DummyBackend"  # seeding queues no refunds
MIXED_WORKERS = (
    ("db_worker", "--no-reload", "--interval", "0.2"),
    ("db_worker", "--no-reload", "--interval", "0.2"),
    ("send_emails", "--loop", "--interval", "1"),
    ("sweep", "--loop", "--interval", "2"),
)
DRAIN_WORKER = ("db_worker", "--batch", "--no-reload", "--no-startup-delay", "-v0")
WORKER_LOG_LEVEL = "ERROR"  # the mixed load's and the drain's processes log only errors


def quiet(env) -> dict:
    return {**env, "DJANGO_LOG_LEVEL": WORKER_LOG_LEVEL}


def instructions_command(args, requests: int) -> list[str]:
    return [PY, "bench/instructions.py", "--database", args.database, "--requests", str(requests)]


def run(cmd, env, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(cmd, cwd=ROOT, env=env, check=False, text=True, capture_output=True, **kwargs)
    if result.returncode:
        sys.stderr.write(result.stderr[-3000:])
        result.check_returncode()
    return result


def manage(env, *args) -> str:
    return run(manage_command(*args), env).stdout


def timed(fn) -> tuple[float, object]:
    started = time.monotonic()
    result = fn()
    return time.monotonic() - started, result


def fresh_database(args, env) -> dict:
    run(psql_command(args, f"DROP DATABASE IF EXISTS {args.database}"), env)
    run(psql_command(args, f"CREATE DATABASE {args.database}"), env)
    seed_env = {**env, "DJANGO_TASKS_BACKEND": SEED_TASKS_BACKEND}
    manage(seed_env, *MIGRATE)
    manage(seed_env, "seed_demo")
    seconds, _ = timed(lambda: manage(seed_env, *SEED, str(args.orders)))
    run(psql_command(args, "VACUUM ANALYZE", args.database), env)
    return {"seed_orders": args.orders, "seed_seconds": seconds}


def start_gunicorn(args, env) -> subprocess.Popen:
    server = subprocess.Popen(
        gunicorn_command(args),
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=2)
            conn.request("GET", "/health/")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("gunicorn did not start")


LATENCY = re.compile(r"^\s+(50|99)(?:\.000)?%\s+([\d.]+)(us|ms|s)\s*$", re.M)
UNIT = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(args, url: str, session: str | None, seconds: int) -> dict:
    out = subprocess.run(wrk_command(args, url, session, seconds), check=True, text=True, capture_output=True).stdout
    latencies = {p: float(v) * UNIT[u] for p, v, u in LATENCY.findall(out)}
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50_ms": latencies.get("50", 0.0),
        "p99_ms": latencies.get("99", 0.0),
        "non_2xx": int(non2xx.group(1)) if non2xx else 0,
        "errors": sum(int(n) for n in errors.groups()) if errors else 0,
    }


def load_pages(args, prepared) -> dict:
    sessions, pages = prepared["sessions"], prepared["pages"]
    for page in pages.values():  # warm-up
        wrk(args, page["url"], sessions.get(page["user"]), warmup_seconds(args))
    rounds: dict[str, list[dict]] = {name: [] for name in pages}
    for _ in range(args.rounds):  # interleaved: every page once per round
        for name, page in pages.items():
            rounds[name].append(wrk(args, page["url"], sessions.get(page["user"]), args.duration))
    results = {}
    for name, samples in rounds.items():
        results[name] = {
            "rps": statistics.median(s["rps"] for s in samples),
            "p50_ms": statistics.median(s["p50_ms"] for s in samples),
            "p99_ms": statistics.median(s["p99_ms"] for s in samples),
            "non_2xx": sum(s["non_2xx"] + s["errors"] for s in samples),
            **{k: pages[name][k] for k in ("url", "queries", "bytes", "status")},
        }
    return results


def load_submit(args, prepared) -> dict:
    """Customers pressing Return Selected Items: each POST cancels one item of its own order."""
    targets = prepared["submit_targets"]
    session = prepared["sessions"]["bench-buyer"]
    duration = args.duration
    lock = threading.Lock()
    latencies, statuses = [], []
    queue = list(reversed(targets))

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=10)
        deadline = time.monotonic() + duration
        while time.monotonic() < deadline:
            with lock:
                if not queue:
                    return
                target = queue.pop()
            body = urllib.parse.urlencode(
                {
                    "csrfmiddlewaretoken": CSRF,
                    "items": target["item"],
                    f"reason_{target['item']}": target["reason"],
                    "accept_policy": "on",
                }
            )
            headers = {
                "Cookie": f"sessionid={session}; csrftoken={CSRF}",
                "Content-Type": "application/x-www-form-urlencoded",
            }
            started = time.monotonic()
            conn.request("POST", f"/orders/{target['number']}/", body, headers)
            response = conn.getresponse()
            response.read()
            with lock:
                latencies.append((time.monotonic() - started) * 1000)
                statuses.append(response.status)

    started = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(args.connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    latencies.sort()
    return {
        "url": "POST /orders/<number>/",
        "rps": len(latencies) / elapsed,
        "p50_ms": latencies[len(latencies) // 2] if latencies else 0,
        "p99_ms": latencies[int(len(latencies) * 0.99)] if latencies else 0,
        "non_2xx": sum(1 for s in statuses if s != 302),
        "queries": "",
        "bytes": "",
        "status": 302,
    }


def post(conn, path: str, session: str, fields: dict) -> int:
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": CSRF, **fields})
    headers = {"Cookie": f"sessionid={session}; csrftoken={CSRF}", "Content-Type": "application/x-www-form-urlencoded"}
    conn.request("POST", path, body, headers)
    response = conn.getresponse()
    response.read()
    return response.status


class MixedLoad:
    """Customers ask for returns while the seller confirms them and workers refund, all at once."""

    def __init__(self, args, env, prepared):
        self.args, self.env = args, quiet(env)
        self.seconds = 120 if not args.smoke else 6
        self.targets = list(reversed(prepared["return_targets"]))
        self.customer = prepared["sessions"]["bench-returner"]
        self.seller = prepared["sessions"]["anatolia"]
        self.lock = threading.Lock()
        self.counts = {"requests": 0, "confirms": 0, "refused": 0, "errors": 0}
        self.stop = 0.0

    def count(self, status: int, kind: str) -> None:
        """302: done. 200: refused with a message (the other seller session decided first). Else: an error."""
        with self.lock:
            self.counts[{302: kind, 200: "refused"}.get(status, "errors")] += 1

    def customers(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.args.port, timeout=10)
        while time.monotonic() < self.stop:
            with self.lock:
                if not self.targets:
                    return
                t = self.targets.pop()
            fields = {"items": t["item"], f"reason_{t['item']}": t["reason"], "accept_policy": "on"}
            self.count(post(conn, f"/orders/{t['number']}/", self.customer, fields), "requests")

    def sellers(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.args.port, timeout=10)
        while time.monotonic() < self.stop:
            conn.request(
                "GET",
                "/seller/returns/cancellationrequest/?status__exact=waiting",
                headers={"Cookie": f"sessionid={self.seller}"},
            )
            page = conn.getresponse().read().decode()
            ids = sorted(set(re.findall(r"/seller/returns/cancellationrequest/(\d+)/change/", page)))
            if not ids:
                time.sleep(0.2)
            for pk in ids[:5]:
                status = post(conn, f"/seller/returns/cancellationrequest/{pk}/approve/", self.seller, {"note": ""})
                self.count(status, "confirms")

    def shell(self, code: str) -> list[str]:
        return manage(self.env, "shell", "-c", code).strip().splitlines()[-1].split()

    def run(self) -> dict:
        background = [
            subprocess.Popen(
                manage_command(*cmd), cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            for cmd in MIXED_WORKERS
        ]
        self.stop = time.monotonic() + self.seconds
        threads = [threading.Thread(target=self.customers) for _ in range(4)]
        threads += [threading.Thread(target=self.sellers) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        sweeper = background.pop()
        sweeper.terminate()  # it would keep approving the seeded backlog of overdue requests
        sweeper.wait(timeout=300)  # it finishes its pass first, so no approval loses its refund task
        for _ in range(120):  # let the workers drain what was approved, and the mailer send what was queued
            left = (
                "from returns.models import CancellationPlan as P, OutboundEmail as E;"
                "print(P.objects.filter(status='approved').count(), E.objects.filter(sent_at=None).count())"
            )
            if self.shell(left) == ["0", "0"]:
                break
            time.sleep(1)
        for proc in background:
            proc.terminate()
            proc.wait(timeout=30)
        return {"seconds": self.seconds, **self.counts, **self.verify()}

    def verify(self) -> dict:
        result = self.shell(
            "from returns.models import CancellationPlan as P, OutboundEmail as E, SandboxGatewayRefund as G;"
            "from orders.models import Payment as Pay; from django.db.models import Count, Sum, F;"
            "print(P.objects.exclude(status='completed').count(),"
            " G.objects.values('idempotency_key').annotate(n=Count('pk')).filter(n__gt=1).count(),"
            " Pay.objects.filter(amount_refunded__gt=F('amount_captured')).count(),"
            " (G.objects.aggregate(s=Sum('amount'))['s'] or 0)"
            " == (Pay.objects.aggregate(s=Sum('amount_refunded'))['s'] or 0),"
            " E.objects.exclude(sent_at=None).count(), E.objects.filter(sent_at=None).count())"
        )
        return {
            "plans_not_completed": int(result[0]),
            "keys_paid_twice": int(result[1]),
            "payments_over_refunded": int(result[2]),
            "ledger_matches_payments": result[3] == "True",
            "emails_sent": int(result[4]),
            "emails_unsent": int(result[5]),
        }


def drain(args, env, workers: int) -> dict:
    """Approve N returns (refund tasks queued in the database), then time `workers` db_workers draining them."""
    workers_env = quiet(env)
    run([PY, "bench/fixtures.py", "plans", str(args.drain_plans)], workers_env)
    # What autovacuum would have done by now (it may be off on a benchmark machine): the
    # stages before leave dead task rows that every worker's pick would walk through.
    run(psql_command(args, "VACUUM ANALYZE", args.database), env)
    cmd = manage_command(*DRAIN_WORKER)
    started = time.monotonic()
    procs = [
        subprocess.Popen(cmd, cwd=ROOT, env=workers_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(workers)
    ]
    for proc in procs:
        proc.wait()
    seconds = time.monotonic() - started
    check = (
        manage(
            workers_env,
            "shell",
            "-c",
            (
                "from returns.models import CancellationPlan as P, RefundLine as L, SandboxGatewayRefund as G;"
                "from django.db.models import Count;"
                "print(P.objects.exclude(status='completed').count(), "
                "G.objects.values('idempotency_key').annotate(n=Count('pk')).filter(n__gt=1).count(), "
                "L.objects.count(), G.objects.count())"
            ),
        )
        .strip()
        .splitlines()[-1]
        .split()
    )
    return {
        "workers": workers,
        "plans": args.drain_plans,
        "seconds": seconds,
        "plans_per_second": args.drain_plans / seconds,
        "not_completed": int(check[0]),
        "keys_paid_twice": int(check[1]),
        "lines": int(check[2]),
        "gateway_refunds": int(check[3]),
    }


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


def shown(cmd) -> str:
    """A command as the report shows it: `python` for this interpreter's path."""
    return f"`{shlex.join('python' if part == PY else part for part in cmd)}`"


def commands_section(args, instructions_requests: int | None) -> list[str]:
    settings = " ".join(f"{k}={v}" for k, v in settings_environment(args).items())
    lines = [
        "## Commands",
        "",
        "From the project's root, in its virtualenv. Every command ran with these settings (and a secret key): "
        f"`{settings}`.",
        "",
        f"- database: {shown(psql_command(args, f'CREATE DATABASE {args.database}'))}, then "
        f"{shown(manage_command(*MIGRATE))}, {shown(manage_command('seed_demo'))} and "
        f"{shown(manage_command(*SEED, str(args.orders)))} (timed), with "
        f"`DJANGO_TASKS_BACKEND={SEED_TASKS_BACKEND}`, then "
        f"{shown(psql_command(args, 'VACUUM ANALYZE', args.database))}",
        f"- web: {shown(gunicorn_command(args))}",
        f"- each page, after a {warmup_seconds(args)} s warm-up: "
        f"{shown(wrk_command(args, '<url>', '<session>', args.duration))}; rounds: {args.rounds}",
        "- customer submit and mixed load: the harness's own HTTP clients (`bench/run.py`: `load_submit`, "
        "`MixedLoad`), one keep-alive connection per thread",
        f"- mixed load, in the background, with `DJANGO_LOG_LEVEL={WORKER_LOG_LEVEL}`: "
        + ", ".join(shown(manage_command(*cmd)) for cmd in MIXED_WORKERS),
        f"- refund drain, with `DJANGO_LOG_LEVEL={WORKER_LOG_LEVEL}`: {shown(manage_command(*DRAIN_WORKER))}, "
        "1 then 2 processes",
    ]
    if instructions_requests:
        lines.append(
            f"- work per page: {shown(instructions_command(args, instructions_requests))}, each page served in one "
            "process under `valgrind --tool=callgrind --instr-atstart=no`"
        )
    return [*lines, ""]


def write_report(args, meta, pages, drains, mixed, instructions: str = "", instructions_requests=None) -> None:
    ceiling = pages["ceiling_login"]["rps"]
    results_dir = ROOT / "bench" / "results"
    results_dir.mkdir(parents=True, exist_ok=True)
    suffix = "-smoke" if args.smoke else ""
    with open(results_dir / f"pages{suffix}.csv", "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(
            ["page", "url", "rps", "ratio_to_login_ceiling", "p50_ms", "p99_ms", "non_2xx", "queries", "html_bytes"]
        )
        for name, r in pages.items():
            writer.writerow(
                [
                    name,
                    r["url"],
                    f"{r['rps']:.1f}",
                    f"{r['rps'] / ceiling:.2f}",
                    f"{r['p50_ms']:.1f}",
                    f"{r['p99_ms']:.1f}",
                    r["non_2xx"],
                    r["queries"],
                    r["bytes"],
                ]
            )
    with open(results_dir / f"drain{suffix}.csv", "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(drains[0]))
        writer.writeheader()
        writer.writerows(drains)
    lines = [
        "# Benchmarks",
        "",
        f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} by "
        f"`{' '.join(['python', 'bench/run.py', *sys.argv[1:]])}` (`make bench`).",
        "",
        "## Machine and setup",
        "",
        *[f"- {k}: {v}" for k, v in meta["machine"].items()],
        f"- dataset: demo data + `seed_demo --orders {meta['seed_orders']}` on PostgreSQL (loopback)",
        f"- web: gunicorn, 2 sync workers; load: wrk, 2 threads, {args.connections} connections, "
        f"{args.duration} s per page per round after a warm-up, {args.rounds} interleaved rounds, medians",
        "",
        "## Pages",
        "",
        "Ratio is requests per second relative to the logged-in ceiling (a view that only loads the session "
        "and the user), served by the same gunicorn.",
        "",
        "| page | req/s | ratio | p50 ms | p99 ms | non-2xx | queries | HTML bytes |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, r in pages.items():
        lines.append(
            f"| {name} (`{r['url']}`) | {r['rps']:.0f} | {r['rps'] / ceiling:.2f} | {r['p50_ms']:.1f} | "
            f"{r['p99_ms']:.1f} | {r['non_2xx']} | {r['queries']} | {r['bytes']} |"
        )
    lines += [
        "",
        "`customer_submit` is one POST of Return Selected Items per order (each a real cancellation request); "
        "its non-2xx counts answers other than the redirect after success.",
        "",
        "## Refund drain",
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
        "## Mixed load",
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
        *(["## Work per page", "", instructions.strip(), ""] if instructions else []),
        "## Seeding",
        "",
        f"`seed_demo --orders {meta['seed_orders']}`: {meta['seed_seconds']:.1f} s "
        f"({meta['seed_orders'] / meta['seed_seconds']:.0f} orders/s).",
        "",
        *commands_section(args, instructions_requests),
    ]
    Path(args.report).parent.mkdir(parents=True, exist_ok=True)
    Path(args.report).write_text("\n".join(lines))
    print("\n".join(lines))


def main() -> int:
    args = parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is required: apt-get install wrk")
    env = environment(args)
    meta = {"machine": machine(), **fresh_database(args, env)}
    prepared = json.loads(run([PY, "bench/fixtures.py", "prepare", str(3000 if not args.smoke else 50)], env).stdout)
    server = start_gunicorn(args, env)
    try:
        pages = load_pages(args, prepared)
        pages["customer_submit"] = load_submit(args, prepared)
        mixed = MixedLoad(args, env, prepared).run()
    finally:
        server.terminate()
        server.wait(timeout=30)
    drains = [drain(args, env, workers=1), drain(args, env, workers=2)]
    instructions, counted = "", None
    if shutil.which("valgrind"):  # `make bench-instructions` runs it alone
        counted = 1 if args.smoke else 10
        instructions = run(instructions_command(args, counted), env).stdout
    write_report(args, meta, pages, drains, mixed, instructions, counted)
    if (
        mixed["errors"]
        or mixed["plans_not_completed"]
        or mixed["keys_paid_twice"]
        or not mixed["ledger_matches_payments"]
        or mixed["emails_unsent"]
    ):
        print("FAILED: mixed load")
        return 1
    failures = [name for name, r in pages.items() if r["non_2xx"]] + [
        f"drain {d['workers']}" for d in drains if d["not_completed"] or d["keys_paid_twice"]
    ]
    if failures:
        print("FAILED:", ", ".join(failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
