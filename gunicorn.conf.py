"""Gunicorn settings for production. Each value can be overridden by environment variables."""

import gc
import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:" + os.environ.get("PORT", "8000"))
# Sync workers: one request each; (2 × cores) + 1 keeps the CPU busy while others wait on the database.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak never grows without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 2000))
max_requests_jitter = 200
# Load Django once in the master and fork workers from it: a recycled worker starts at
# once instead of importing the project again (which stalled requests for most of a
# second), and the workers share the loaded code. Nothing touches the database at import.
preload_app = True


def pre_fork(server, worker):
    """Python's idiom for a server that loads once and forks (the `gc.freeze` documentation): the
    loaded project moves to the collector's permanent generation before each fork, so a worker's
    collections never walk those objects again (the full ones were a few milliseconds each) and never
    write to their memory pages, which stay shared between the workers."""
    gc.freeze()


accesslog = "-"
errorlog = "-"
access_log_format = (
    '{"time": "%(t)s", "method": "%(m)s", "path": "%(U)s", "query": "%(q)s", "status": %(s)s, '
    '"bytes": %(B)s, "duration_ms": %(M)s, "remote": "%(h)s", "user_agent": "%(a)s"}'
)
# Believe X-Forwarded-Proto only from the proxies Django trusts (TRUSTED_PROXY_IPS, comma-separated
# addresses or networks; empty: none). Django's TrustedProxyMiddleware reads the same variable.
forwarded_allow_ips = os.environ.get("TRUSTED_PROXY_IPS", "")
