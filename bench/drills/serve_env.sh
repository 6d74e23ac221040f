# Sourced by the drills: a database, a private Redis and production settings for gunicorn.
# Needs PY, OUT and DB_NAME; sets APP_PORT, REDIS_PORT and REDIS_PID (the Redis is not
# daemonized, so that its pid is the one a drill may SIGSTOP and SIGCONT) and exports
# the environment of cms.settings.production. GUNICORN_WORKERS is left to the drill.
free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
APP_PORT=$(free_port)
REDIS_PORT=$(free_port)

psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$DB_NAME'" | grep -q 1 \
  || createdb -h 127.0.0.1 -U postgres "$DB_NAME"

redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no --dir "$OUT" \
  --daemonize no >"$OUT/redis.log" 2>&1 &
REDIS_PID=$!

export DJANGO_SETTINGS_MODULE=cms.settings.production
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB_NAME"
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
export SECRET_KEY=${SECRET_KEY:-drill-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz}
export ALLOWED_HOSTS="127.0.0.1,localhost" SECURE_SSL_REDIRECT=false
export WAGTAILADMIN_BASE_URL="${WAGTAILADMIN_BASE_URL:-http://127.0.0.1:$APP_PORT}"  # production requires the public address
export STATIC_ROOT="$OUT/static" MEDIA_ROOT="$OUT/media" SERVE_MEDIA=true
export GUNICORN_BIND="127.0.0.1:$APP_PORT" GUNICORN_ACCESS_LOG="" GUNICORN_LOG_LEVEL=warning
export LOG_LEVEL=WARNING
