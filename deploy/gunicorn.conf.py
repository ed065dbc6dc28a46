"""gunicorn settings for consult behind a reverse proxy (see README, "Running it in production").

Sync workers: a request holds one database connection for its whole life, and the pages are short.
Two workers per core is a good start; raise `workers` only while the database keeps up."""
import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2))
worker_class = "sync"
# An upload of five 10 MB attachments over a slow line still fits; a stuck request is ended.
timeout = 60
graceful_timeout = 30
# Restart workers now and then, so a slow leak never grows into an outage.
max_requests = 2000
max_requests_jitter = 200
# gunicorn itself believes X-Forwarded-Proto only from a proxy on this machine (its default). consult reads
# X-Forwarded-For/-Proto itself, from exactly TRUSTED_PROXIES proxies (ProxyFix), wherever the proxy runs.
forwarded_allow_ips = "127.0.0.1"
# No request header sets the WSGI environ: by default gunicorn takes SCRIPT_NAME and PATH_INFO from headers
# of a trusted forwarder, and every link on a page starts with SCRIPT_NAME (one request could set them
# for a page the cache keeps). Any other header whose name holds an underscore is dropped.
forwarder_headers = ""
header_map = "drop"
accesslog = None  # consult logs every request itself, with a request id and without personal data
errorlog = "-"
