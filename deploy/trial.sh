#!/usr/bin/env bash
# deploy/trial.sh — follow the README's "Running it in production" on one machine, as a new hosting party
# would, with two app servers, and check that it works. Prints PASS or FAIL per check; exits 1 if any failed.
#
#   deploy/trial.sh            set up in $TRIAL, run every check, stop every process it started
#   deploy/trial.sh teardown   also remove $TRIAL, the two databases and the two Redis databases
#   REUSE_INSTALL=1 deploy/trial.sh   keep $TRIAL/opt-consult and its venv from the last run (pull, no pip)
#
# Needs on this machine: PostgreSQL on 127.0.0.1:$PG_PORT (default 5432; user postgres, no password), Redis on
# 127.0.0.1:$REDIS_PORT (default 6379)
# (databases $REDIS_LIMITS and $REDIS_CACHE are emptied: pick unused ones), nginx (not running as a service
# is fine: the trial starts its own on its own ports, pid and logs), openssl, npm, python3.11+ with venv, and
# network to PyPI and npm. The SMTP server is aiosmtpd from the developer venv (`make setup` installs it), or on a
# machine without one Debian's python3-aiosmtpd with SMTP_PYTHON=/usr/bin/python3. Debian's PostgreSQL asks a
# password on 127.0.0.1: for the trial a `host all postgres 127.0.0.1/32 trust` line first in pg_hba.conf.
# It installs the committed HEAD of this checkout (a `git clone`), not uncommitted changes. Not part of
# `make test`: it takes a few minutes and installs a release from scratch.
#
# What stands for what: $TRIAL/opt-consult is /opt/consult, $TRIAL/etc/consult.env is
# /etc/consult/consult.env, $TRIAL/shared is the shared folder (/srv/consult), the systemd units' ExecStart
# lines run by hand with the unit's environment (EnvironmentFile, WorkingDirectory, Environment=).
set -u
REPO=$(cd "$(dirname "$0")/.." && pwd)
TRIAL=${TRIAL:-/tmp/deploytrial}
PG_PORT=${PG_PORT:-5432}
REDIS_PORT=${REDIS_PORT:-6379}
PSQL_DATABASE=${PSQL_DATABASE:-postgres}  # any database to connect to for CREATE DATABASE
DATABASE=${DATABASE:-deploytrial}
RESTORED=${RESTORED:-deploytrial_restore}
REDIS_LIMITS=${REDIS_LIMITS:-10}
REDIS_CACHE=${REDIS_CACHE:-11}
read -ra APP_PORTS <<<"${APP_PORTS:-8101 8102}"  # the two app servers
NGINX_PORT=${NGINX_PORT:-8443}
SMTP_PORT=${SMTP_PORT:-8025}
SMTP_PYTHON=${SMTP_PYTHON:-$REPO/.venv/bin/python}
FAILED=0
APP=$TRIAL/opt-consult

psql_on() { local database=$1; shift; PGOPTIONS=--client-min-messages=warning psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d "$database" -qtA "$@"; }
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1${2:+: $2}"; FAILED=$((FAILED + 1)); }
step() { echo; echo "== $1"; }
# Like systemd: the unit's EnvironmentFile (plain KEY=value lines), then its Environment= lines.
with_env() { (set -a; . "$TRIAL/etc/consult.env"; set +a; cd "$APP" && FLASK_APP=wsgi.py "$@"); }
start() {  # name, command...: in the background, own process group, pid in $TRIAL/run/name.pid
    local name=$1; shift
    (setsid "$@" >"$TRIAL/log/$name.log" 2>&1 & echo $! >"$TRIAL/run/$name.pid")
}
stop_all() {
    [ -f "$TRIAL/nginx/nginx.pid" ] && nginx -c "$TRIAL/nginx/nginx.conf" -p "$TRIAL/nginx" -s stop 2>/dev/null
    for pidfile in "$TRIAL"/run/*.pid; do
        [ -f "$pidfile" ] || continue
        kill -- "-$(cat "$pidfile")" 2>/dev/null  # its process group: gunicorn's master and workers
        rm -f "$pidfile"
    done
}
wait_for() {  # url, [curl options]
    for _ in $(seq 60); do curl -sfk -o /dev/null "${@:2}" "$1" && return 0; sleep 0.5; done
    return 1
}

if [ "${1:-}" = teardown ]; then
    stop_all
    psql_on "$PSQL_DATABASE" -c "drop database if exists $DATABASE" -c "drop database if exists $RESTORED"
    redis-cli -p "$REDIS_PORT" -n "$REDIS_LIMITS" flushdb >/dev/null; redis-cli -p "$REDIS_PORT" -n "$REDIS_CACHE" flushdb >/dev/null
    rm -rf "$TRIAL"
    echo "removed $TRIAL, the databases $DATABASE and $RESTORED, Redis databases $REDIS_LIMITS and $REDIS_CACHE"
    exit 0
fi

stop_all 2>/dev/null
trap stop_all EXIT
if [ "${REUSE_INSTALL:-}" = 1 ] && [ -x "$APP/.venv/bin/flask" ]; then
    find "$TRIAL" -mindepth 1 -maxdepth 1 ! -name opt-consult -exec rm -rf {} +
else
    rm -rf "$TRIAL"
fi
mkdir -p "$TRIAL"/{etc,log,run,backups,ssl,nginx/tmp,shared/uploads,shared/files}

step "1. Machines: PostgreSQL, Redis, an SMTP server"
psql_on "$PSQL_DATABASE" -c "drop database if exists $DATABASE" -c "create database $DATABASE" && pass "a new PostgreSQL database $DATABASE" || fail "create database $DATABASE"
redis-cli -p "$REDIS_PORT" -n "$REDIS_LIMITS" flushdb >/dev/null && redis-cli -p "$REDIS_PORT" -n "$REDIS_CACHE" flushdb >/dev/null && pass "Redis databases $REDIS_LIMITS and $REDIS_CACHE, empty" || fail "Redis"
# aiosmtpd's Mailbox handler writes each mail into a Maildir it makes itself.
start smtp "$SMTP_PYTHON" -m aiosmtpd -n -l "127.0.0.1:$SMTP_PORT" -c aiosmtpd.handlers.Mailbox "$TRIAL/mail"

step "2. Install (as README step 2: pip install ., make translations, make css)"
if [ -d "$APP" ]; then
    git -C "$APP" pull -q --ff-only && pass "the last run's install, pulled to $(git -C "$APP" rev-parse --short HEAD)" || fail "git pull"
else
    git clone -q "$REPO" "$APP" && pass "clone of $(git -C "$REPO" rev-parse --short HEAD)" || { fail "git clone"; exit 1; }
    (cd "$APP" && python3 -m venv .venv && .venv/bin/pip install -q .) >"$TRIAL/log/install.log" 2>&1 \
        && pass "python3 -m venv .venv && .venv/bin/pip install ." || fail "pip install ." "see $TRIAL/log/install.log"
fi
(cd "$APP" && make translations) >>"$TRIAL/log/install.log" 2>&1 && [ -f "$APP/translations/nl/LC_MESSAGES/messages.mo" ] \
    && pass "make translations" || fail "make translations"
(cd "$APP" && make css) >>"$TRIAL/log/install.log" 2>&1 && ls "$APP"/consult/static/dist/*.site.css.gz >/dev/null 2>&1 \
    && pass "make css (npm ci, the built stylesheet and its .gz twin)" || fail "make css"
"$APP/.venv/bin/python" -c "import pytest" 2>/dev/null && fail "the test tools stay out of the production venv" || pass "the test tools stay out of the production venv"

step "3. Settings ($TRIAL/etc/consult.env from deploy/consult.env.example)"
# The example with the trial's values: every line of the example is kept, only the values change.
sed -e "s#^BASE_URL=.*#BASE_URL=https://consult.test#" \
    -e "s#^SECRET_KEY=.*#SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_hex(32))')#" \
    -e "s#^DATABASE_URL=.*#DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:$PG_PORT/$DATABASE#" \
    -e "s#^RATELIMIT_STORAGE_URI=.*#RATELIMIT_STORAGE_URI=redis://127.0.0.1:$REDIS_PORT/$REDIS_LIMITS#" \
    -e "s#^CACHE_REDIS_URL=.*#CACHE_REDIS_URL=redis://127.0.0.1:$REDIS_PORT/$REDIS_CACHE#" \
    -e "s#^UPLOAD_FOLDER=.*#UPLOAD_FOLDER=$TRIAL/shared/uploads#" -e "s#^FILES_FOLDER=.*#FILES_FOLDER=$TRIAL/shared/files#" \
    -e "s#^MAIL_SERVER=.*#MAIL_SERVER=127.0.0.1#" -e "s#^MAIL_PORT=.*#MAIL_PORT=$SMTP_PORT#" \
    -e "s#^MAIL_USE_TLS=.*#MAIL_USE_TLS=false#" -e "s#^MAIL_USERNAME=.*#MAIL_USERNAME=#" -e "s#^MAIL_PASSWORD=.*#MAIL_PASSWORD=#" \
    -e "s#^MAIL_DEFAULT_SENDER=.*#MAIL_DEFAULT_SENDER=inspraak@consult.test#" \
    -e "s#^GUNICORN_BIND=.*#GUNICORN_BIND=127.0.0.1:${APP_PORTS[0]}#" \
    -e "s#^ALLOWED_HOSTS=.*#ALLOWED_HOSTS=127.0.0.1#" \
    "$APP/deploy/consult.env.example" >"$TRIAL/etc/consult.env"
# systemd reads KEY=value lines only: a comment after a value would become part of the value.
if grep -Ev '^\s*(#|$)' "$TRIAL/etc/consult.env" | grep -q ' #'; then fail "consult.env.example has plain KEY=value lines (systemd)" "a comment after a value"; else pass "consult.env.example has plain KEY=value lines (systemd)"; fi

step "4. Database and first accounts (README step 4, exactly)"
with_env .venv/bin/flask db upgrade >"$TRIAL/log/step4.log" 2>&1 && pass "flask db upgrade" || fail "flask db upgrade" "see $TRIAL/log/step4.log"
ADMIN_OUTPUT=$(with_env .venv/bin/flask admin create beheer@gemeente.nl --name "Bea Beheer" 2>&1) && pass "flask admin create" || fail "flask admin create" "$ADMIN_OUTPUT"
ADMIN_LINK=$(grep -o 'https://consult.test/wachtwoord-instellen/[^ ]*' <<<"$ADMIN_OUTPUT")
[ -n "$ADMIN_LINK" ] && pass "it prints a link to choose a password on BASE_URL" || fail "a link to choose a password" "$ADMIN_OUTPUT"
with_env .venv/bin/flask org create "Regio Flevoland" --kind region >>"$TRIAL/log/step4.log" 2>&1 && pass "flask org create (region)" || fail "flask org create (region)"
with_env .venv/bin/flask org create "Gemeente Almere" --kind municipality --region regio-flevoland --central >>"$TRIAL/log/step4.log" 2>&1 \
    && pass "flask org create (municipality, --region, --central)" || fail "flask org create (municipality)"
with_env .venv/bin/flask org add-member gemeente-almere ambtenaar@almere.nl --role official >>"$TRIAL/log/step4.log" 2>&1 \
    && pass "flask org add-member" || fail "flask org add-member"
CENTRAL=$(psql_on "$DATABASE" -c "select m.name from organisations m join organisations r on r.id = m.region_id where r.slug = 'regio-flevoland' and m.is_central_municipality" 2>&1)
[ "$CENTRAL" = "Gemeente Almere" ] && pass "Almere is the region's centrumgemeente" || fail "Almere is the region's centrumgemeente" "$CENTRAL"

step "5. Processes: what the systemd units' ExecStart lines run, with their settings"
if command -v systemd-analyze >/dev/null; then  # the units as systemd reads them, with the trial's paths
    mkdir -p "$TRIAL/systemd"
    for unit in "$APP"/deploy/systemd/*; do
        sed -e "s#/opt/consult#$APP#g; s#/etc/consult/consult.env#$TRIAL/etc/consult.env#; s#/srv/consult#$TRIAL/shared#" \
            "$unit" >"$TRIAL/systemd/$(basename "$unit")"
    done
    (cd "$TRIAL/systemd" && systemd-analyze verify ./*.service ./*.timer) >"$TRIAL/log/systemd.log" 2>&1 \
        && pass "systemd-analyze verify deploy/systemd/*" || fail "systemd-analyze verify" "see $TRIAL/log/systemd.log"
fi
for port in "${APP_PORTS[@]}"; do  # consult-web.service, once per app server
    (set -a; . "$TRIAL/etc/consult.env"; set +a; export GUNICORN_BIND=127.0.0.1:$port GUNICORN_WORKERS=2
     cd "$APP" && start "web-$port" .venv/bin/gunicorn -c deploy/gunicorn.conf.py wsgi:app)
done
for i in 1 2; do start "worker-$i" bash -c "set -a; . '$TRIAL/etc/consult.env'; set +a; cd '$APP'; FLASK_APP=wsgi.py exec .venv/bin/flask worker"; done
for port in "${APP_PORTS[@]}"; do
    wait_for "http://127.0.0.1:$port/health" && pass "app server on 127.0.0.1:$port answers /health (Host 127.0.0.1 is in ALLOWED_HOSTS)" \
        || fail "app server on $port" "see $TRIAL/log/web-$port.log"
done
sleep 2
for i in 1 2; do kill -0 "$(cat "$TRIAL/run/worker-$i.pid")" 2>/dev/null && pass "worker $i runs" || fail "worker $i" "see $TRIAL/log/worker-$i.log"; done
with_env .venv/bin/flask privacy purge >"$TRIAL/log/purge.log" 2>&1 && pass "flask privacy purge (consult-purge.service)" || fail "flask privacy purge"

step "6. Reverse proxy: deploy/nginx/consult.conf with the trial's addresses"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=consult.test -addext subjectAltName=DNS:consult.test \
    -keyout "$TRIAL/ssl/consult.test.key" -out "$TRIAL/ssl/consult.test.crt" 2>/dev/null
sed -e "s#10.0.0.11:8000#127.0.0.1:${APP_PORTS[0]}#; s#10.0.0.12:8000#127.0.0.1:${APP_PORTS[1]}#" \
    -e "s#listen 443 ssl http2;#listen 127.0.0.1:$NGINX_PORT ssl http2;#; s#listen 80;#listen 127.0.0.1:$((NGINX_PORT + 37));#" \
    -e "s#inspraak.gemeente.nl#consult.test#g; s#/etc/ssl/#$TRIAL/ssl/#g; s#/opt/consult/#$APP/#g" \
    "$APP/deploy/nginx/consult.conf" >"$TRIAL/nginx/consult.conf"
cat >"$TRIAL/nginx/nginx.conf" <<EOF
# The trial's own nginx: its own pid, logs and temp folders, so nothing else on the machine is touched.
worker_processes 1;
pid $TRIAL/nginx/nginx.pid;
error_log $TRIAL/nginx/error.log;
events { worker_connections 256; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log $TRIAL/nginx/access.log;
    client_body_temp_path $TRIAL/nginx/tmp/body;
    proxy_temp_path $TRIAL/nginx/tmp/proxy;
    fastcgi_temp_path $TRIAL/nginx/tmp/fastcgi;
    uwsgi_temp_path $TRIAL/nginx/tmp/uwsgi;
    scgi_temp_path $TRIAL/nginx/tmp/scgi;
    include $TRIAL/nginx/consult.conf;
}
EOF
nginx -t -q -c "$TRIAL/nginx/nginx.conf" -p "$TRIAL/nginx" && nginx -c "$TRIAL/nginx/nginx.conf" -p "$TRIAL/nginx" \
    && pass "nginx takes deploy/nginx/consult.conf and starts on $NGINX_PORT" || fail "nginx with deploy/nginx/consult.conf"
wait_for "https://consult.test:$NGINX_PORT/health" --resolve "consult.test:$NGINX_PORT:127.0.0.1" || fail "nginx answers"

step "7. People using it, through nginx and each app server"
with_env .venv/bin/python deploy/trial_checks.py --nginx-port "$NGINX_PORT" --servers "${APP_PORTS[@]}" \
    --maildir "$TRIAL/mail" --admin-link "$ADMIN_LINK" --ratelimit-redis-db "$REDIS_LIMITS" --cache-redis-db "$REDIS_CACHE" --redis-port "$REDIS_PORT" \
    | tee "$TRIAL/log/checks.log"
FAILED=$((FAILED + $(grep -c '^FAIL' "$TRIAL/log/checks.log")))

step "8. Back up, and restore into another new database"
BACKUP=$(with_env .venv/bin/flask backup --to "$TRIAL/backups" 2>&1 | sed -n 's/^Backup written: //p')
[ -s "$BACKUP" ] && pass "flask backup --to $TRIAL/backups" || fail "flask backup"
psql_on "$PSQL_DATABASE" -c "drop database if exists $RESTORED" -c "create database $RESTORED"
with_env env DATABASE_URL="postgresql+psycopg://postgres@127.0.0.1:$PG_PORT/$RESTORED" .venv/bin/flask restore "$BACKUP" >"$TRIAL/log/restore.log" 2>&1 \
    && pass "flask restore into the new database $RESTORED" || fail "flask restore" "see $TRIAL/log/restore.log"
COUNT="select (select count(*) from reactions) || ' reactions, ' || (select count(*) from users) || ' users, ' || (select count(*) from attachments) || ' attachments'"
BEFORE=$(psql_on "$DATABASE" -c "$COUNT" 2>&1); AFTER=$(psql_on "$RESTORED" -c "$COUNT" 2>&1)
[ "$BEFORE" = "$AFTER" ] && [[ $BEFORE != 0\ * ]] && pass "the restored database holds the same ($AFTER)" || fail "restored counts" "$BEFORE / $AFTER"
with_env env DATABASE_URL="postgresql+psycopg://postgres@127.0.0.1:$PG_PORT/$RESTORED" .venv/bin/flask db current 2>/dev/null | grep -q '(head)' \
    && pass "the restored database is at the newest migration" || fail "the restored database's migration"

echo
[ "$FAILED" -eq 0 ] && echo "ALL PASSED" || echo "$FAILED FAILED"
exit $((FAILED > 0))
