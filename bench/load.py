"""Load on the pages: gunicorn, wrk per page, the customer's submit and the mixed load."""

import http.client
import os
import re
import statistics
import subprocess
import threading
import time
import urllib.parse

from commands import (
    CSRF,
    MIXED_WORKERS,
    ROOT,
    gunicorn_command,
    manage_command,
    quiet,
    shell,
    warmup_seconds,
    wrk_command,
)


def start_gunicorn(args, env) -> subprocess.Popen:
    server = subprocess.Popen(
        gunicorn_command(args.port),
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


def wrk(args, url: str, session: str | None, seconds: int, key: str | None = None) -> dict:
    cmd = wrk_command(args, url, session, seconds, key)
    out = subprocess.run(cmd, check=True, text=True, capture_output=True).stdout
    latencies = {p: float(v) * UNIT[u] for p, v, u in LATENCY.findall(out)}
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return {
        "load": os.getloadavg()[0],  # the machine's 1-minute load average as the sample ends
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50_ms": latencies.get("50", 0.0),
        "p99_ms": latencies.get("99", 0.0),
        "non_2xx": int(non2xx.group(1)) if non2xx else 0,
        "errors": sum(int(n) for n in errors.groups()) if errors else 0,
    }


def load_pages(args, prepared) -> dict:
    """wrk on every page of GETs (the POSTs of `targets` are `load_api_approve`'s)."""
    sessions = prepared["sessions"]
    pages = {name: page for name, page in prepared["pages"].items() if page.get("method", "GET") == "GET"}
    for page in pages.values():  # warm-up
        wrk(args, page["url"], sessions.get(page["user"]), warmup_seconds(args), page.get("key"))
    rounds: dict[str, list[dict]] = {name: [] for name in pages}
    for _ in range(args.rounds):  # interleaved: every page once per round
        for name, page in pages.items():
            rounds[name].append(wrk(args, page["url"], sessions.get(page["user"]), args.duration, page.get("key")))
    results = {}
    for name, samples in rounds.items():
        results[name] = {
            "rps": statistics.median(s["rps"] for s in samples),
            "p50_ms": statistics.median(s["p50_ms"] for s in samples),
            "p99_ms": statistics.median(s["p99_ms"] for s in samples),
            "non_2xx": sum(s["non_2xx"] + s["errors"] for s in samples),
            "load": statistics.median(s["load"] for s in samples),
            **{k: pages[name][k] for k in ("url", "queries", "bytes", "status")},
        }
    return results


def load_submit(args, prepared) -> dict:
    """Customers pressing Return Selected Items: each POST cancels one item of its own order."""
    session = prepared["sessions"]["bench-buyer"]
    headers = {"Cookie": f"sessionid={session}; csrftoken={CSRF}", "Content-Type": "application/x-www-form-urlencoded"}
    requests = [
        (
            f"/orders/{target['number']}/",
            urllib.parse.urlencode(
                {
                    "csrfmiddlewaretoken": CSRF,
                    "items": target["item"],
                    f"reason_{target['item']}": target["reason"],
                    "accept_policy": "on",
                }
            ),
        )
        for target in prepared["submit_targets"]
    ]
    return {
        "url": "POST /orders/<number>/",
        **posts_under_load(args, requests, headers, ok=302),
        "queries": "",
        "bytes": "",
        "status": 302,
    }


def load_api_approve(args, prepared) -> dict:
    """The seller's system approving returns through the API: each POST approves one received return."""
    page = prepared["pages"]["api_claim_approve"]
    headers = {"Authorization": f"Token {page['key']}", "Content-Type": "application/json"}
    requests = [(page["url"].replace("<id>", str(target)), "{}") for target in page["targets"]]
    return {
        "url": "POST /api/v1/claims/<id>/approve/",
        **posts_under_load(args, requests, headers, ok=200),
        "queries": page["queries"],
        "bytes": page["bytes"],
        "status": 200,
        "load": os.getloadavg()[0],
    }


def posts_under_load(args, requests: list[tuple[str, str]], headers: dict, ok: int) -> dict:
    """`args.connections` clients send the (path, body) POSTs in order, each once, for at most
    `args.duration` seconds: requests per second, median and 99th percentile latency, and how
    many answers were not `ok`."""
    lock = threading.Lock()
    latencies, statuses = [], []
    queue = list(reversed(requests))

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=10)
        deadline = time.monotonic() + args.duration
        while time.monotonic() < deadline:
            with lock:
                if not queue:
                    return
                path, body = queue.pop()
            started = time.monotonic()
            conn.request("POST", path, body, headers)
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
        "rps": len(latencies) / elapsed,
        "p50_ms": latencies[len(latencies) // 2] if latencies else 0,
        "p99_ms": latencies[int(len(latencies) * 0.99)] if latencies else 0,
        "non_2xx": sum(1 for s in statuses if s != ok),
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
            if shell(self.env, left) == ["0", "0"]:
                break
            time.sleep(1)
        for proc in background:
            proc.terminate()
            proc.wait(timeout=30)
        return {"seconds": self.seconds, **self.counts, **self.verify()}

    def verify(self) -> dict:
        result = shell(
            self.env,
            "from returns.models import CancellationPlan as P, OutboundEmail as E;"
            "from sandbox.models import LedgerRefund as G;"
            "from orders.models import Payment as Pay; from django.db.models import Count, Sum, F;"
            "print(P.objects.exclude(status='completed').count(),"
            " G.objects.values('idempotency_key').annotate(n=Count('pk')).filter(n__gt=1).count(),"
            " Pay.objects.filter(amount_refunded__gt=F('amount_captured')).count(),"
            " (G.objects.aggregate(s=Sum('amount'))['s'] or 0)"
            " == (Pay.objects.aggregate(s=Sum('amount_refunded'))['s'] or 0),"
            " E.objects.exclude(sent_at=None).count(), E.objects.filter(sent_at=None).count())",
        )
        return {
            "plans_not_completed": int(result[0]),
            "keys_paid_twice": int(result[1]),
            "payments_over_refunded": int(result[2]),
            "ledger_matches_payments": result[3] == "True",
            "emails_sent": int(result[4]),
            "emails_unsent": int(result[5]),
        }
