"""Settings for Jinzhou Chain Works, read from the environment.

With nothing set the system runs anywhere: SQLite and a file-based Celery transport under ``var/``,
e-mail to the console, the production error pages and a generated secret key (the run modes below).
Production differs only by environment variables (README.md, docs/operations.md; ``DJANGO_DEBUG=0`` needs a strong key).
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from kombu import Exchange, Queue

from jinzhou import secret_key, spreadsheets
from jinzhou.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("JINZHOU_VAR_DIR", str(BASE_DIR / "var")))

# --- Run modes, the secret key and the client address ---------------------------------------------
# DJANGO_DEBUG chooses one of three modes:
#   unset  the single-machine mode of `make run`: visitors get the same Chinese 404/403/500 pages as in
#          production (never Django's debug pages), the secret key is generated once into var/secret_key
#          (mode 0600) and reused, localhost only, demo accounts allowed, no HTTPS requirements;
#   1      the same with Django's debug pages (tracebacks, settings): for a developer's own machine only;
#   0      production: DJANGO_SECRET_KEY (50+ characters, not a known key) and DJANGO_ALLOWED_HOSTS required.
DEBUG = env_bool("DJANGO_DEBUG", False)
PRODUCTION = "DJANGO_DEBUG" in os.environ and not DEBUG
if PRODUCTION:
    SECRET_KEY = secret_key.production_key(env_str("DJANGO_SECRET_KEY"))
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "DJANGO_ALLOWED_HOSTS must be set: production mode (DJANGO_DEBUG=0) needs the host names it serves, "
            "comma-separated."
        )
else:
    SECRET_KEY = env_str("DJANGO_SECRET_KEY") or secret_key.local_key(VAR_DIR)
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])
# Without collectstatic (make run) WhiteNoise serves the apps' static folders; production the collected copies.
WHITENOISE_USE_FINDERS = not PRODUCTION
# Proxies in front that append the client's address to X-Forwarded-For (nginx: 1); the sign-in lockout
# is keyed on it (portal/backends.py::client_address). 0 ignores the header, which clients could forge.
TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured(f"DJANGO_TRUSTED_PROXY_COUNT must be 0 or more; got {TRUSTED_PROXY_COUNT}.")
AXES_CLIENT_IP_CALLABLE = "jinzhou.portal.backends.client_address"
# The demo accounts have a published password: never in production.
DEMO_USERS_ALLOWED = not PRODUCTION

CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "django_celery_results",
    "simple_history",
    "import_export",
    "jinzhou.org",
    "jinzhou.casework",
    "jinzhou.api",
    "jinzhou.notifications",
    "jinzhou.webhooks",
    "jinzhou.portal",
    "axes",
    "chains",
    "projects",
    "alliances",
    "meetings",
    "circulars",
    "assessment",
    "search",
    "seeds",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Every response gets a Content-Security-Policy header: nothing may come from another origin.
    "jinzhou.portal.middleware.ContentSecurityPolicyMiddleware",
    # An admin URL with an id no integer key can hold is a 404, not the database's overflow (jinzhou/params.py).
    "jinzhou.params.AdminObjectIdMiddleware",
    # Last, so that it turns a locked-out sign-in (5 failures) into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "jinzhou.urls"
WSGI_APPLICATION = "jinzhou.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "jinzhou" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "jinzhou.casework.context_processors.calendar_warning",
                "jinzhou.notifications.context_processors.unread_notifications",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------------
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASE_URL = env_str("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=env_int("DJANGO_CONN_MAX_AGE", 60 if PRODUCTION else 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL: the web server, worker and beat share the file. IMMEDIATE: a transaction takes the write lock
    # when it begins (a deferred one that reads first would fail at once if another wrote in between).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
        }
    )
elif DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql"):
    # No JIT: compiling took 0.7–1 s of page queries that run in 0.1 s at 100,000 cases (docs/performance.md).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
SILENCED_SYSTEM_CHECKS = ["models.W040"]  # covering indexes' INCLUDE is PostgreSQL's; SQLite keeps the keys
# --- Authentication -------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"
SESSION_COOKIE_AGE = env_int("DJANGO_SESSION_AGE", 8 * 3600)
# A session ends when the browser closes, and at the latest SESSION_COOKIE_AGE after signing in.
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("DJANGO_SESSION_EXPIRE_AT_BROWSER_CLOSE", True)
# django-axes: the lockout check runs first, before the password is tried (see jinzhou/portal/backends.py).
AUTHENTICATION_BACKENDS = [
    "jinzhou.portal.backends.SignInLockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# 5 failed sign-ins for one user name from one address lock it for AXES_COOLOFF_MINUTES (axes takes hours).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 30) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "portal/locked_out.html"
AXES_VERBOSE = False

# --- Language and time ----------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files --------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", str(VAR_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "jinzhou" / "static"]
# Uploads live outside the static files and are served only through views that check scope.
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# --- E-mail ---------------------------------------------------------------------------------------
EMAIL_BACKEND = env_str("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("DJANGO_EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("DJANGO_EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "锦州产业链工作平台 <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Celery ---------------------------------------------------------------------------------------
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL") or "filesystem://"
CELERY_BROKER_TRANSPORT_OPTIONS = {}
if CELERY_BROKER_URL.startswith("filesystem://"):
    # kombu's filesystem transport needs no server: messages are files under var/celery.
    _celery_dir = VAR_DIR / "celery"
    for _sub in ("queue", "processed", "control"):
        (_celery_dir / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_celery_dir / "queue"),
        "data_folder_out": str(_celery_dir / "queue"),
        "processed_folder": str(_celery_dir / "processed"),
        "store_processed": False,
        "control_folder": str(_celery_dir / "control"),
    }
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", "django-db")
CELERY_RESULT_EXTENDED = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# The sweep and the digests have a queue of their own so that a backlog of deliveries never delays them.
# Every outbox task (notifications' and webhooks' deliveries) runs on this one queue, named only here.
DELIVERY_QUEUE = "delivery"
CELERY_TASK_ROUTES = {
    "casework.*": {"queue": "reminders"},
    "notifications.*": {"queue": DELIVERY_QUEUE},
    "webhooks.*": {"queue": DELIVERY_QUEUE},
}
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)

# --- Workers' queues, queueing during a broker outage, outbound URLs --------------------------------
# Every queue the project routes to (CELERY_TASK_ROUTES and the tasks' own queue=), declared exactly as
# Celery creates a queue it is routed to. A worker started without -Q consumes all of these, so a
# plain `celery -A jinzhou worker` runs every task; -Q names a subset (docs/operations.md, section 6).
CELERY_TASK_QUEUES = [Queue(name, Exchange(name), routing_key=name) for name in ("celery", "reminders", DELIVERY_QUEUE)]
# Requests queue through jinzhou/queueing.py with one connection attempt, bounded here (Redis): seconds,
# instead of the system's TCP timeout (minutes) for an unreachable host or a Redis that stops answering.
CELERY_BROKER_TRANSPORT_OPTIONS.update(
    socket_connect_timeout=env_int("CELERY_BROKER_CONNECT_TIMEOUT", 1),
    socket_timeout=env_int("CELERY_BROKER_SOCKET_TIMEOUT", 5),
)
# After a failed attempt a process leaves the broker alone this long (the work stays in the outbox
# rows; the periodic sweeps send it), then tries again: one attempt per process and pause in an outage.
QUEUEING_PAUSE_SECONDS = env_int("QUEUEING_PAUSE_SECONDS", 30)
# Webhooks and chat robots never reach loopback, link-local, private, shared, multicast, reserved or
# unspecified addresses (jinzhou/outbound.py), except the networks and hosts listed here (comma-separated:
# 10.20.0.0/16, partner.gov.internal), for partners on a government intranet. None by default.
WEBHOOK_ALLOWED_NETWORKS = env_list("WEBHOOK_ALLOWED_NETWORKS")

# --- Cache ----------------------------------------------------------------------------------------
# Shared across processes when REDIS_CACHE_URL is set (the calendar's invalidation reaches every worker).
if env_str("REDIS_CACHE_URL"):
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env_str("REDIS_CACHE_URL")}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- REST framework -------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "jinzhou.api.schema.ApiAutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # The bearer key comes first so that a request without credentials is answered 401, not 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "jinzhou.api.authentication.ApiKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["jinzhou.api.permissions.HasScope"],
    "DEFAULT_THROTTLE_CLASSES": ["jinzhou.api.throttling.ApiKeyRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"api": env_str("API_THROTTLE_RATE", "1200/min")},
    "DEFAULT_PARSER_CLASSES": ["jinzhou.api.parsers.StrictJSONParser"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PAGINATION_CLASS": "jinzhou.api.pagination.LimitOffsetPagination",
    "EXCEPTION_HANDLER": "jinzhou.api.problems.exception_handler",
    "COERCE_DECIMAL_TO_STRING": False,
}
# Rows reach the sync endpoint this long after they are saved, so no slow transaction is missed.
API_SYNC_SETTLE_SECONDS = env_int("API_SYNC_SETTLE_SECONDS", 2)
API_IDEMPOTENCY_TTL_HOURS = env_int("API_IDEMPOTENCY_TTL_HOURS", 24)
SPECTACULAR_SETTINGS = {
    "TITLE": "Jinzhou Chain Works API",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {"ProvenanceEnum": "jinzhou.org.choices.Provenance"},
    "DESCRIPTION": "The REST API of the Jinzhou Chain Works platform for partner systems. "
    "Quick start: docs/api.md. Every error is application/problem+json.",
}

# --- Input limits ---------------------------------------------------------------------------------
# What one request may ask of the server, so that no input costs more than its answer is worth.
# - MAX_IDS_PER_LIST: ids in one list input (an API body's ``affected_enterprises``, ``chains``, …,
#   a form's multiple choice, a workflow input of kind ``departments``); longer ones are refused before any lookup.
# - MAX_JSON_DEPTH: how deeply a JSON body (or cursor) may nest (deeper: 400); DATA_UPLOAD_MAX_MEMORY_SIZE:
#   Django's limit on a request body (files excepted); 413 beyond it.
MAX_IDS_PER_LIST = env_int("JINZHOU_MAX_IDS_PER_LIST", 100)
MAX_JSON_DEPTH = env_int("JINZHOU_MAX_JSON_DEPTH", 32)
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DJANGO_DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)

# --- Security -------------------------------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
# Scripts, styles, fonts and images only from this site (the portal draws its charts as inline SVG).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
# Pages whose third-party renderer needs inline script or style (the API docs); still nothing from elsewhere.
CONTENT_SECURITY_POLICY_RELAXED_PATHS = ["/api/docs/", "/api/redoc/"]
CONTENT_SECURITY_POLICY_RELAXED = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; worker-src 'self' blob:; object-src 'none'; "
    "base-uri 'self'; frame-ancestors 'none'"
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    # A load balancer probes /healthz over plain HTTP; it must get the status, not a redirect.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
    if env_bool("DJANGO_BEHIND_TLS_PROXY", True):
        # The reverse proxy terminates TLS and says so in this header (see docs/operations.md).
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Logging --------------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- The product ----------------------------------------------------------------------------------
# django-import-export writes only through jinzhou/spreadsheets.py (typed text is never a formula).
IMPORT_EXPORT_FORMATS = spreadsheets.SAFE_FORMATS
DEMO_PASSWORD = env_str("DEMO_PASSWORD", "jinzhou-demo")
# Ranked by rates only with this many cases with a deadline (reports.rank_departments): 1/1 is not 100 %.
RANKING_MIN_CASES = env_int("JINZHOU_RANKING_MIN_CASES", 5)

# --- Notifications --------------------------------------------------------------------------------
# Links in e-mails and chat messages point here.
NOTIFICATIONS_SITE_URL = env_str("JINZHOU_SITE_URL", "http://127.0.0.1:8000")
NOTIFICATIONS_EMAIL = env_bool("NOTIFICATIONS_EMAIL", True)
# External channels deliver only 09:00-18:00 on working days; the in-app copy is immediate.
NOTIFICATIONS_QUIET_HOURS = env_bool("NOTIFICATIONS_QUIET_HOURS", True)
NOTIFICATIONS_HTTP_TIMEOUT = env_int("NOTIFICATIONS_HTTP_TIMEOUT", 5)
# A claim older than this is lost with its worker and sent again (> 10 deliveries x the HTTP timeout).
NOTIFICATIONS_CLAIM_TIMEOUT = env_int("NOTIFICATIONS_CLAIM_TIMEOUT", 120)
# Attempts before a delivery is given up; retries wait 1, 2, 4, 8 … minutes, at most 4 hours.
NOTIFICATIONS_MAX_ATTEMPTS = env_int("NOTIFICATIONS_MAX_ATTEMPTS", 8)
NOTIFICATIONS_RETRY_BASE_SECONDS = 60
NOTIFICATIONS_RETRY_FACTOR = 2
NOTIFICATIONS_RETRY_MAX_SECONDS = 4 * 3600

# --- Partner webhooks -----------------------------------------------------------------------------
WEBHOOK_TIMEOUT_SECONDS = env_int("WEBHOOK_TIMEOUT_SECONDS", 5)
# Attempts before a delivery is given up (retries wait 1, 4, 16, 64 minutes, … at most 12 hours).
WEBHOOK_MAX_ATTEMPTS = env_int("WEBHOOK_MAX_ATTEMPTS", 8)
WEBHOOK_RETRY_BASE_SECONDS = 60
WEBHOOK_RETRY_FACTOR = 4
WEBHOOK_RETRY_MAX_SECONDS = 12 * 3600
# While an attempt is in flight its row is not due for this long, so the sweep and a queued task
# never POST the same message at once; a worker that dies leaves it due again after.
WEBHOOK_CLAIM_TIMEOUT = WEBHOOK_TIMEOUT_SECONDS + 60
# The sweep fans out events of the last this many hours whose fan-out was lost.
WEBHOOK_CATCH_UP_HOURS = 24

# --- The outbox (jinzhou/outbox.py) ---------------------------------------------------------------
# Each channel's numbers are the settings <prefix>_MAX_ATTEMPTS, _RETRY_BASE_SECONDS, _RETRY_FACTOR,
# _RETRY_MAX_SECONDS and _CLAIM_TIMEOUT above.
OUTBOX_CHANNELS = {"notifications": "NOTIFICATIONS", "webhooks": "WEBHOOK"}
