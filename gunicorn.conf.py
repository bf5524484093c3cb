"""gunicorn settings for the portal: `gunicorn -c gunicorn.conf.py portal.wsgi`."""

import multiprocessing
import os

from shared.proxies import trusted_proxies_from_environment

_host = os.environ.get("HOST", "127.0.0.1")  # set HOST=0.0.0.0 behind a proxy
bind = os.environ.get("GUNICORN_BIND", f"{_host}:{os.environ.get('PORT', '8000')}")
# Pages are rendered from stored HTML and mostly served from cache: the work is CPU-bound,
# so two workers a core (plus one) keeps every core busy while one waits on the database.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then so memory stays flat over weeks.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = 500
accesslog = "-" if os.environ.get("GUNICORN_ACCESS_LOG", "1") == "1" else None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# Our own proxies, from the TRUSTED_PROXIES Django reads too (shared/proxies.py): only they
# may set X-Forwarded-Proto. Empty (the default) trusts no one.
forwarded_allow_ips = ",".join(trusted_proxies_from_environment())
proxy_allow_ips = forwarded_allow_ips
# The access log records the path, never the query string or the referer: searches
# (/search/?q=...) say what a reader is worried about, and that is not ours to keep.
# Posts to /feedback/ are logged without the reader's address (portal/access_log.py).
logger_class = "portal.access_log.AccessLogger"
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'
