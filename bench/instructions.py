"""Instructions per request, counted by valgrind: page costs that a noisy machine cannot blur.

`make bench-instructions` (or `python bench/instructions.py`) needs the database that
`make bench` seeded. Each page is served in-process through Django's WSGI handler, as
gunicorn would call it: warmed up, then counted over `--requests` requests under
`valgrind --tool=callgrind`, with counting switched on only around those requests.
The count covers Python and its C code in the web process, not PostgreSQL's own work.
It repeats exactly from run to run, so it shows what a change did where wrk's
requests per second move by 10-20% between runs on a shared machine.
"""

import argparse
import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from run import PY, environment, run

COLLECTED = re.compile(r"Collected : (\d+)")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", default="sellercenter_bench")
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--child", nargs=3, metavar=("URL", "SESSION", "COUNT"), help=argparse.SUPPRESS)
    return parser.parse_args()


def serve(url: str, session: str, count: int) -> None:
    """In the counted process: warm up, then count `count` requests."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sellercenter.settings.base")
    import django

    django.setup()
    from django.core.handlers.wsgi import WSGIHandler

    handler = WSGIHandler()
    path, _, query = url.partition("?")

    def hit():
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80",
            "HTTP_HOST": "127.0.0.1",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "wsgi.input": io.BytesIO(b""),
            "wsgi.errors": sys.stderr,
            "wsgi.url_scheme": "http",
        }
        if session != "-":
            environ["HTTP_COOKIE"] = f"sessionid={session}"
        status = []
        body = handler(environ, lambda s, headers, *exc: status.append(s))
        b"".join(body)
        body.close()
        if not status[0].startswith("200"):
            raise SystemExit(f"{url}: {status[0]}")

    for _ in range(5):
        hit()
    subprocess.run(["callgrind_control", "--instr=on", str(os.getpid())], check=True, capture_output=True)
    for _ in range(count):
        hit()
    subprocess.run(["callgrind_control", "--instr=off", str(os.getpid())], check=True, capture_output=True)


def count(env, url: str, session: str | None, requests: int) -> float:
    cmd = [
        "valgrind",
        "--tool=callgrind",
        "--instr-atstart=no",
        "--callgrind-out-file=/dev/null",
        PY,
        str(Path(__file__).resolve()),
        "--child",
        url,
        session or "-",
        str(requests),
    ]
    result = subprocess.run(cmd, cwd=ROOT, env=env, text=True, capture_output=True, check=False)
    found = COLLECTED.search(result.stderr)
    if result.returncode or not found:
        sys.exit(f"{url}: valgrind failed\n{result.stderr[-2000:]}")
    return int(found.group(1)) / requests


def main() -> int:
    args = parse_args()
    if args.child:
        serve(args.child[0], args.child[1], int(args.child[2]))
        return 0
    if not shutil.which("valgrind"):
        sys.exit("valgrind is required: apt-get install valgrind")
    env = environment(args)
    prepared = json.loads(run([PY, "bench/fixtures.py", "prepare", "0"], env).stdout)
    sessions, pages = prepared["sessions"], prepared["pages"]
    counts = {name: count(env, page["url"], sessions.get(page["user"]), args.requests) for name, page in pages.items()}
    ceiling = counts["ceiling_login"]
    lines = [
        f"Instructions per request (valgrind callgrind, mean of {args.requests} after 5 warm-up requests, "
        "web process only):",
        "",
        "| page | million instructions | × logged-in ceiling |",
        "| --- | ---: | ---: |",
        *[f"| {name} | {n / 1e6:.1f} | {n / ceiling:.1f} |" for name, n in counts.items()],
    ]
    results = ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    with open(results / "instructions.csv", "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["page", "instructions_per_request", "ratio_to_login_ceiling"])
        writer.writerows([name, f"{n:.0f}", f"{n / ceiling:.2f}"] for name, n in counts.items())
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
