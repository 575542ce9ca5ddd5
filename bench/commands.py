"""The benchmark's commands and settings, built in one place for running them and for the report.

Every process the benchmark starts (manage.py commands, gunicorn, wrk, psql, valgrind) is
built by a function here, so the report's "Commands" section shows exactly what ran.
"""

import hashlib
import os
import shlex
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
CSRF = "benchcsrftokenbenchcsrftoken1234"  # 32 characters: an unmasked CSRF secret
DEFAULT_ORDERS = 100_000
SMOKE_ORDERS = 300


def database_name(orders: int) -> str:
    """One database per dataset size, so a 1,000,000-order seed is kept next to the 100,000 one.

    The smoke run's is named after the checkout too: checkouts on one machine smoke-test at once.
    """
    if orders == SMOKE_ORDERS:
        return f"sellercenter_bench_smoke_{hashlib.sha256(str(ROOT).encode()).hexdigest()[:8]}"
    return f"sellercenter_bench_{orders}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def settings_environment(database: str) -> dict:
    """The settings every command of the benchmark runs with (reported, but for the secret key)."""
    return {
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}",
        "DJANGO_DEBUG": "false",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_SECURE_COOKIES": "false",
        "DJANGO_SECURE_HSTS_SECONDS": "0",
        "DJANGO_STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "DJANGO_ROOT_URLCONF": "bench.urls",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "DJANGO_LOG_LEVEL": "WARNING",
        "REQUEST_SUBMISSIONS_PER_HOUR": "0",  # the bench's few customers send thousands of requests
        "API_RATE_PER_KEY": "100000000/min",  # one key polls at hundreds of requests a second here
    }


def environment(database: str) -> dict:
    return {
        **os.environ,
        **settings_environment(database),
        "DJANGO_SECRET_KEY": "benchmark-only-secret-key-" + "b" * 40,
        "PYTHONPATH": str(ROOT),
    }


def manage_command(*args) -> list[str]:
    return [PY, "manage.py", *args]


def gunicorn_command(port: int) -> list[str]:
    return [
        PY,
        "-m",
        "gunicorn",
        "--config",
        "gunicorn.conf.py",
        "--workers",
        "2",
        "--bind",
        f"127.0.0.1:{port}",
        "--access-logfile",
        "/dev/null",
        "sellercenter.wsgi",
    ]


def wrk_command(args, url: str, session: str | None, seconds: int, key: str | None = None) -> list[str]:
    """wrk on one page, signed in by the session's cookie or, for the API, by the key's header."""
    cmd = ["wrk", "-t2", f"-c{args.connections}", f"-d{seconds}s", "--latency", "--timeout", "5s"]
    if key:
        cmd += ["-H", f"Authorization: Token {key}"]
    elif session:
        cmd += ["-H", f"Cookie: sessionid={session}"]
    return [*cmd, f"http://127.0.0.1:{args.port}{url}"]


def warmup_seconds(args) -> int:
    return 1 if args.smoke else 2


def psql_command(sql: str, database: str | None = None) -> list[str]:
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


SMOKE_PAGES = "my_orders,owner_orders"  # the smoke run counts these only: it checks the harness


def instructions_command(args, requests: int) -> list[str]:
    chosen = [] if args.database == database_name(args.orders) else ["--database", args.database]
    pages = ["--pages", SMOKE_PAGES] if args.smoke else []
    return [
        *(PY, "bench/instructions.py", "--orders", str(args.orders), *chosen, *pages),
        *("--requests", str(requests), "--report", args.report),
    ]


def run(cmd, env, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(cmd, cwd=ROOT, env=env, check=False, text=True, capture_output=True, **kwargs)
    if result.returncode:
        sys.stderr.write(result.stderr[-3000:])
        result.check_returncode()
    return result


def manage(env, *args) -> str:
    return run(manage_command(*args), env).stdout


def shell(env, code: str) -> list[str]:
    """Run Python in `manage.py shell` and split the last line it printed."""
    return manage(env, "shell", "-c", code).strip().splitlines()[-1].split()


def timed(fn) -> tuple[float, object]:
    started = time.monotonic()
    result = fn()
    return time.monotonic() - started, result


def fresh_database(database: str, orders: int, env) -> dict:
    """Drop and build the benchmark's database: migrations, the demo, `orders` generated orders (timed)."""
    run(psql_command(f"DROP DATABASE IF EXISTS {database}"), env)
    run(psql_command(f"CREATE DATABASE {database}"), env)
    seed_env = {**env, "DJANGO_TASKS_BACKEND": SEED_TASKS_BACKEND}
    manage(seed_env, *MIGRATE)
    manage(seed_env, "seed_demo")
    seconds, _ = timed(lambda: manage(seed_env, *SEED, str(orders)))
    run(psql_command("VACUUM ANALYZE", database), env)
    return {"seed_orders": orders, "seed_seconds": seconds}


def seeded_orders(database: str, env) -> int | None:
    """How many generated orders the database holds, or None when it does not exist or is not migrated."""
    sql = "SELECT count(*) FROM orders_order WHERE number LIKE 'G%'"
    cmd = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", database, "-tAc", sql]
    result = subprocess.run(cmd, env=env, text=True, capture_output=True, check=False)
    return int(result.stdout) if result.returncode == 0 and result.stdout.strip().isdigit() else None


def shown(cmd) -> str:
    """A command as the report shows it: `python` for this interpreter's path."""
    return f"`{shlex.join('python' if part == PY else part for part in cmd)}`"


def database_commands(database: str, orders: int) -> str:
    return (
        f"{shown(psql_command(f'CREATE DATABASE {database}'))}, then "
        f"{shown(manage_command(*MIGRATE))}, {shown(manage_command('seed_demo'))} and "
        f"{shown(manage_command(*SEED, str(orders)))} (timed), with "
        f"`DJANGO_TASKS_BACKEND={SEED_TASKS_BACKEND}`, then "
        f"{shown(psql_command('VACUUM ANALYZE', database))}"
    )


def settings_shown(database: str) -> str:
    return " ".join(f"{k}={v}" for k, v in settings_environment(database).items())
