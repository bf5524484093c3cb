"""Settings for the portal, read from the environment in one place.

PORTAL_ENV=production switches on HTTPS-only cookies, HSTS and a required SECRET_KEY, and
refuses to start with DEBUG on or with a page cache that is not shared between processes
(portal/production.py); the default (development) serves http://127.0.0.1:8000 with a
generated local key.
"""

import datetime
import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from portal.production import refuse_unsafe_production_settings
from shared.proxies import trusted_proxies_from_environment

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    value = os.environ.get(name, default)
    return [item.strip() for item in value.split(",") if item.strip()]


PORTAL_ENV = os.environ.get("PORTAL_ENV", "development").strip().lower()
if PORTAL_ENV not in {"development", "production"}:
    raise ImproperlyConfigured("PORTAL_ENV must be 'development' or 'production'.")
PRODUCTION = PORTAL_ENV == "production"

DEBUG = env_flag("DEBUG", default=False)


def local_secret_key():
    """A key generated once per checkout and kept out of git (see .gitignore)."""
    key_file = BASE_DIR / ".secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(64))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set in production.")
    SECRET_KEY = local_secret_key()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "portal.admin_site.EditorsAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "mptt",
    "reversion",
    "provenance",
    "recovery",
    "axes",
    "guidance",
    "tags",
    "publications",
    "display",
    "health",
    "search",
    "pagecache",
    "mot",
    "offences",
    "feedback",
    "statements",
    "languages",
]

MIDDLEWARE = [
    # First: only our own proxies may say which address and scheme a request came from.
    "portal.middleware.ForwardedHeadersMiddleware",
    # Applies scheduled changes whose time has come, before anything answers from the cache.
    "guidance.scheduling.ApplyScheduledChangesMiddleware",
    # Before everything else: a cached page for an anonymous reader needs none of it, and
    # what the rest adds (security headers, CSP, Content-Language) is stored with the page.
    # The WSGI handler (portal/handler.py) answers cached pages before these three run.
    "pagecache.middleware.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "portal.middleware.RejectNulBytesMiddleware",
    # The language comes from the address alone (/cy/… is Welsh).
    "languages.middleware.PathLanguageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "recovery.middleware.remember_who_deletes",
    # Django's, with the message storage made only when a message is read or added.
    "portal.middleware.MessagesWhenUsedMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out account and address is refused before any password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Failed sign-ins to the admin, counted over the last 30 minutes (django-axes). Each limit
# locks out what it counts until enough of those failures are 30 minutes old: a 429 page
# that says when to try again (signin/throttle.py). Addresses are the readers' as
# shared.proxies finds them (set TRUSTED_PROXIES behind a load balancer), IPv6 by /64.
SIGN_IN_LOCKOUTS = [
    # One account from one address: someone guessing its password. (First: a right
    # password clears this one, and only this one.)
    (["username", "ip_address"], 5),
    # One account from anywhere: guesses spread over many addresses.
    (["username"], 20),
    # One address, any account: a few common passwords tried on many accounts.
    (["ip_address"], 20),
]
AXES_LOCKOUT_PARAMETERS = [parameters for parameters, _ in SIGN_IN_LOCKOUTS]
AXES_FAILURE_LIMIT = SIGN_IN_LOCKOUTS[0][1]  # signin.throttle scales the others to it
AXES_HANDLER = "signin.throttle.SignInThrottle"
AXES_LOCKOUT_CALLABLE = "signin.throttle.lockout_response"
AXES_COOLOFF_TIME = datetime.timedelta(minutes=30)
# Failures while locked out are not counted, so the time the lockout page gives holds.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "shared.proxies.counted_address"

# The apps whose models the "Editors" group may add, change and delete (create_editor_group).
CONTENT_APP_LABELS = [
    "guidance", "tags", "publications", "offences", "mot", "feedback", "provenance", "recovery",
    "search", "statements",
]  # fmt: skip

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "languages.context_processors.language_links",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "display.context_processors.feedback_email",
                "display.context_processors.page_address",
            ],
        },
    },
]

# How many times a connection runs a statement before psycopg prepares it (its default).
DATABASE_PREPARE_AFTER = 5
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60" if PRODUCTION else "0")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's, with a health check that asks the server only when the socket has news.
    DATABASES["default"]["ENGINE"] = "shared.postgresql"
    if env_flag("DATABASE_PREPARED_STATEMENTS", default=True):
        # psycopg binds the parameters on the server and prepares a statement once a
        # connection has run it DATABASE_PREPARE_AFTER times: parsed and planned once, not on
        # every request (bench/README.md, "Prepared statements"). Off behind a pooler in
        # transaction mode that does not track prepared statements (PgBouncer before 1.22,
        # or without max_prepared_statements).
        DATABASES["default"].setdefault("OPTIONS", {}).update(
            {"server_side_binding": True, "prepare_threshold": DATABASE_PREPARE_AFTER}
        )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # A write-ahead log: readers never wait for a writer, nor a writer for readers. With
        # SQLite's rollback journal (its default) a save waited for every reader to finish
        # and the readers then waited for it, up to the timeout: at 10 000 pages, readers'
        # p99 of 4 s and pages failing with "database is locked" (bench/README.md). The mode
        # is kept in the file; each connection asks again in case this is a new file.
        # synchronous stays FULL: each commit is on disk before the editor is told it saved.
        "init_command": "PRAGMA journal_mode=WAL",
        # Each transaction takes the write lock when it begins, waiting its turn: one that
        # read first and wrote later could otherwise fail outright ("database is locked",
        # which SQLite does not wait out) when another write committed in between.
        "transaction_mode": "IMMEDIATE",
        # Seconds a write waits its turn before failing (Python's default is 5).
        "timeout": 20,
        **DATABASES["default"].get("OPTIONS", {}),
    }
if os.environ.get("DATABASE_TEST_NAME"):
    # Lets several checkouts run their PostgreSQL tests side by side.
    DATABASES["default"]["TEST"] = {"NAME": os.environ["DATABASE_TEST_NAME"]}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One cache shared by every app server when REDIS_URL is set. Without it, a directory of
# files (var/cache/, or CACHE_DIR) that every worker on this machine shares: measured
# faster than Django's database cache on SQLite (a page from it in about 0.5 ms; a write
# in a few ms where the database cache waits for a commit of its own). More than one
# machine needs REDIS_URL.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "shared.cache.SharedClientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "portal"),
            "TIMEOUT": 300,
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "shared.cache.SharedFileCache",
            "LOCATION": str(Path(os.environ.get("CACHE_DIR") or BASE_DIR / "var" / "cache")),
            "TIMEOUT": 300,
            # Every page and fragment of a 10 000-page site, with room for display settings.
            "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("CACHE_MAX_ENTRIES", "100000"))},
        }
    }

# Whole pages for anonymous readers and navigation fragments (see pagecache/), in the shared
# cache above: on unless PAGE_CACHE_SECONDS=0.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
# After a content change, each process renders again in the background up to this many of
# the pages it served, most recently read first (pagecache/warming.py). 0: no warming.
PAGE_CACHE_WARM_PAGES = int(os.environ.get("PAGE_CACHE_WARM_PAGES", "500"))
# A search counts its matches of each kind exactly up to this many; beyond, the results page
# says "more than 1,000" and pages through the first this-many (search/backends/base.py).
# Counting every match of a common word was what grew most with the size of the site. At
# least search.searching.FEW_RESULTS (3), which must tell "few" from "more than this".
SEARCH_EXACT_COUNT_UP_TO = int(os.environ.get("SEARCH_EXACT_COUNT_UP_TO", "1000"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
# English at the root, Welsh under /cy/ (portal/urls.py); the admin stays in English.
LANGUAGES = [("en", "English"), ("cy", "Cymraeg")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Sections published in English only (the CPS prosecution guidance): their Welsh addresses
# show the English page with a note in Welsh that it is published in English.
ENGLISH_ONLY_SECTIONS = ["guidance"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_MAX_AGE = 31536000 if PRODUCTION else 60

CONTENT_DIR = Path(os.environ.get("CONTENT_DIR", BASE_DIR / "content"))

# This site's address (e.g. https://guidance.example.gov.uk) for canonical links, sharing tags
# and JSON-LD; unset, each request's own scheme and host are used.
SITE_URL = os.environ.get("SITE_URL", "").strip().rstrip("/")
if SITE_URL and not SITE_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured(f"SITE_URL must start with https:// or http://, not {SITE_URL!r}")
# What the reader sees in the beta banner and footer.
FEEDBACK_EMAIL = os.environ.get("FEEDBACK_EMAIL", "cybercrime-portal-feedback@example.org")
BETA_BANNER = env_flag("BETA_BANNER", default=True)

# "Exit this page" shows on every page carrying one of these tags (a reader there may be
# watched by the person harming them), and leads to this neutral page.
QUICK_EXIT_TAGS = ["Domestic abuse", "Sexual offences", "Stalking and harassment"]
QUICK_EXIT_URL = os.environ.get("QUICK_EXIT_URL", "https://www.bbc.co.uk/weather")

# "Is this page useful?": posts allowed per reader's address in each window of seconds.
FEEDBACK_RATE_LIMIT_POSTS = int(os.environ.get("FEEDBACK_RATE_LIMIT_POSTS", "10"))
FEEDBACK_RATE_LIMIT_SECONDS = int(os.environ.get("FEEDBACK_RATE_LIMIT_SECONDS", "600"))
# The addresses or networks of our own reverse proxies: only a request from one of them may
# say, in X-Forwarded-For and X-Forwarded-Proto, whom and which scheme it carries. gunicorn
# reads the same variable (gunicorn.conf.py). Empty: every connection speaks for itself.
TRUSTED_PROXIES = trusted_proxies_from_environment()

# Security headers. No inline scripts or styles anywhere: CSP allows only our own files.
SECURE_CSP = {
    "default-src": [CSP.NONE],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "manifest-src": [CSP.SELF],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True

if PRODUCTION:
    SECURE_SSL_REDIRECT = env_flag("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Logs go to stdout; in production one JSON object a line, for the log shipper.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "json" if PRODUCTION else "plain")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "portal.logging.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": LOG_FORMAT if LOG_FORMAT in {"plain", "json"} else "plain",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # django-axes logs every sign-in at INFO; failures and lockouts come as warnings.
    "loggers": {"axes": {"level": "WARNING"}},
}

# The folders under CONTENT_DIR that are trees of guidance pages. Which other files are
# content is declared by each app (`content_files` on its AppConfig: see shared/declarations.py).
CONTENT_PAGE_SECTIONS = ["guidance", "advice"]
# Sections whose pages go live only when an approver (the Approvers group, permission
# guidance.publish_guidancepage) approves: the prosecution guidance by default. Editors
# publish pages of the other sections (the public advice) themselves.
APPROVAL_SECTIONS = env_list("APPROVAL_SECTIONS", "guidance")
# How often (seconds, per process) a request looks for scheduled changes that have become
# due (guidance.scheduling): one read of the shared cache at most this often.
SCHEDULE_CHECK_SECONDS = 1.0

# Last, so that it sees every setting as it will be used.
if PRODUCTION:
    refuse_unsafe_production_settings(
        debug=DEBUG, page_cache_seconds=PAGE_CACHE_SECONDS, caches=CACHES
    )
