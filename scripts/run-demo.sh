#!/usr/bin/env bash
# Serve the demo as production runs it: the web server, a refund worker, the sweeper and the mailer.
set -euo pipefail
PY=${PY:-.venv/bin/python}
export DJANGO_DEBUG=${DJANGO_DEBUG:-true}
pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM
"$PY" manage.py db_worker --no-reload --interval 1 &
pids+=($!)
"$PY" manage.py sweep --loop --interval 10 &
pids+=($!)
"$PY" manage.py send_emails --loop --interval 2 &
pids+=($!)
echo
echo "Seller Center Returns: http://${HOST:-127.0.0.1}:${PORT:-8000}/"
echo "  store (My Orders):        ayse / demo-pass-2026, mehmet / demo-pass-2026"
echo "  Omnitron (/admin/):       owner (Manager), operator (Operator), viewer (Viewer) / demo-pass-2026"
echo "  Seller Center (/seller/): anatolia / demo-pass-2026, bosphorus / demo-pass-2026"
echo
"$PY" manage.py runserver --noreload "${HOST:-127.0.0.1}:${PORT:-8000}"
