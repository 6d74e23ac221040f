"""gunicorn settings: `gunicorn -c cms/gunicorn.conf.py cms.wsgi`.

Every value can be overridden from the environment so that the same file serves a
small VM and a container behind a load balancer.
"""

import multiprocessing
import os

from django.db import connections

# The loopback by default: the TLS-terminating proxy on the same machine must be the only
# way in, since Django trusts its X-Forwarded-Proto (SECURE_PROXY_SSL_HEADER). Behind a
# proxy on another machine, set GUNICORN_BIND to a private address (and
# FORWARDED_ALLOW_IPS to the proxy's) that nobody else can reach.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Two synchronous workers per core: page rendering is CPU-bound, and the database and
# Redis answer in well under a millisecond, so more workers would only add memory.
workers = int(os.environ.get("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count()))
worker_class = "sync"
# Load the application once, before forking: workers share its memory pages.
preload_app = os.environ.get("GUNICORN_PRELOAD", "true").lower() in {"1", "true", "yes", "on"}
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so that a slow leak cannot grow without bound; the wide
# jitter keeps them from being replaced all at once (under steady load they reach the
# limit together, and every request waited for the new ones).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 5000))
max_requests_jitter = max_requests // 2
# The load balancer's address; X-Forwarded-Proto from it tells Django the request was HTTPS.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Uploads larger than this are refused by Wagtail anyway; limit request lines/headers.
limit_request_line = 8190
limit_request_fields = 100


def post_fork(server, worker):
    # Connections opened while the app was preloaded must not be shared across workers.
    for connection in connections.all(initialized_only=True):
        connection.close()


def when_ready(server):
    # In the master, once the preloaded application is loaded and before any worker is
    # forked: what every new worker would redo on its first requests (cms/ops/warmup.py).
    if preload_app:
        # Imported here: gunicorn reads this file before Django is set up (the project's
        # modules need settings), and this runs only once the application is loaded.
        from cms.ops.warmup import warm_up

        try:
            warm_up()
        except Exception:
            server.log.exception("Warm-up failed; workers will warm up on their own.")
