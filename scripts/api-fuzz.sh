#!/usr/bin/env bash
# schemathesis against the live API of the demo data (SPEC section 8): a fresh PostgreSQL database,
# migrated and seeded with `seed_demo`, a seller's key (anatolia) and the owner's (owner, a Manager),
# gunicorn on a free port; every operation of /api/schema/ with each key, the schema's links followed
# (stateful phase), a fixed seed. Any 5xx, or any answer outside the schema, fails the run.
#
#   scripts/api-fuzz.sh            (make api-fuzz)
#   API_FUZZ_EXAMPLES=20 API_FUZZ_SEED=7 scripts/api-fuzz.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
ST=${ST:-$(dirname "$PY")/st}
EXAMPLES=${API_FUZZ_EXAMPLES:-8}
SEED=${API_FUZZ_SEED:-20261202}
# Its own database, named after the checkout (checkouts on one machine may run it at once).
DATABASE=${API_FUZZ_DATABASE:-sellercenter_api_fuzz_$(pwd | sha256sum | cut -c1-8)}
PORT=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
WORK=$(mktemp -d)

export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DATABASE"
export DJANGO_DEBUG=false DJANGO_SECRET_KEY="api-fuzz-only-secret-key-$(head -c 24 /dev/urandom | base64)"
export DJANGO_ALLOWED_HOSTS=127.0.0.1 DJANGO_SECURE_SSL_REDIRECT=false DJANGO_SECURE_COOKIES=false
export DJANGO_SECURE_HSTS_SECONDS=0 DJANGO_LOG_LEVEL=ERROR
export DJANGO_STATICFILES_STORAGE=django.contrib.staticfiles.storage.StaticFilesStorage
export API_RATE_PER_KEY=100000/min  # one key sends hundreds of requests a minute here

server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

started=$(date +%s)
echo "=== API fuzz: database $DATABASE (fresh), demo data"
psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $DATABASE WITH (FORCE)" -qc "CREATE DATABASE $DATABASE"
DJANGO_TASKS_BACKEND=django.tasks.backends.dummy.DummyBackend "$PY" manage.py migrate --noinput -v0
DJANGO_TASKS_BACKEND=django.tasks.backends.dummy.DummyBackend "$PY" manage.py seed_demo >/dev/null
seller_key=$("$PY" manage.py create_api_key anatolia --name "API fuzz" 2>/dev/null)
owner_key=$("$PY" manage.py create_api_key owner --name "API fuzz" 2>/dev/null)

"$PY" -m gunicorn --config gunicorn.conf.py --workers 2 --bind "127.0.0.1:$PORT" --access-logfile /dev/null \
  --error-logfile "$WORK/server.log" sellercenter.wsgi >>"$WORK/server.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do
  curl -sf -o /dev/null "http://127.0.0.1:$PORT/health/" && break
  kill -0 "$server" 2>/dev/null || { cat "$WORK/server.log"; exit 1; }
  sleep 0.2
done
echo "=== API fuzz: set up in $(($(date +%s) - started)) s; gunicorn on port $PORT"

# Every check but positive_data_acceptance: a request the schema allows may still be refused by
# the state of things (an unknown reason's id, a note with a NUL byte), with a 400 or a 409.
# Each key on the operations of its audience (the schema's tag); what a key may not reach is the
# role matrix's business (tests/roles/api_matrix.py).
fuzz() {
  local who=$1 key=$2
  echo "=== API fuzz: the $who's operations with the $who's key"
  "$ST" run "http://127.0.0.1:$PORT/api/schema/?format=json" \
    --header "Authorization: Token $key" --include-tag "$who" \
    --phases examples,coverage,fuzzing,stateful \
    --checks all --exclude-checks positive_data_acceptance \
    --max-examples "$EXAMPLES" --seed "$SEED" --workers 1 \
    --generation-database none --no-color --output-truncate true \
    --report junit --report-junit-path "${API_FUZZ_REPORT_DIR:-$WORK}/api-fuzz-$who.xml"
}
status=0
fuzz seller "$seller_key" || status=1
fuzz owner "$owner_key" || status=1
if grep -q "Internal Server Error" "$WORK/server.log"; then
  echo "=== API fuzz: the server answered 500"
  cat "$WORK/server.log"
  status=1
fi
echo "=== API fuzz: $([ $status = 0 ] && echo passed || echo FAILED) in $(($(date +%s) - started)) s"
exit $status
