"""Settings for goedgesprek.

Every deploy-specific value comes from the environment. With nothing set the
project runs locally: SQLite in the project folder, Celery in eager mode,
DEBUG off. ``DJANGO_PRODUCTION=1`` turns on the production hardening and makes
the secrets mandatory, so a missing one stops start-up.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE
from csp.constants import SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

PRODUCTION = env.bool("DJANGO_PRODUCTION", default=False)
DEBUG = env.bool("DJANGO_DEBUG", default=False)

if PRODUCTION:
    SECRET_KEY = env("DJANGO_SECRET_KEY")
    ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
else:
    SECRET_KEY = env(
        "DJANGO_SECRET_KEY",
        default="local-development-only-not-secret-0123456789abcdefghijklmnopqrstuvwxyz",
    )
    ALLOWED_HOSTS = env.list(
        "DJANGO_ALLOWED_HOSTS",
        default=["127.0.0.1", "localhost", "[::1]", "testserver"],
    )

CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "allauth",
    "allauth.account",
    "axes",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",
    "django_htmx",
    "csp",
    "auditlog",
    # Own apps, in dependency order: the ground floor first, the demo on top.
    "goedgesprek",
    "accounts",
    "regions",
    "surveys",
    "sessions_app",
    "actionplans",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # WhiteNoise answers static files before anything below runs (in
    # production from precompressed files with far-future cache headers).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compress HTML and JSON in every mode: above every middleware that reads
    # or changes the body. BREACH: Django masks the CSRF token per response,
    # and the session cookie is SameSite=Lax, so another site cannot make the
    # browser fetch a signed-in page over and over to compare sizes.
    "django.middleware.gzip.GZipMiddleware",
    "goedgesprek.middleware.PrivatePagesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "goedgesprek.middleware.DutchFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.audit.StaffAuditMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # AxesMiddleware last, as its documentation asks.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "goedgesprek.urls"
WSGI_APPLICATION = "goedgesprek.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Database: SQLite in the project folder unless DATABASE_URL says otherwise.
DATABASES = {
    "default": env.db(
        "DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'goedgesprek.sqlite3'}"
    )
}
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if "postgresql" in DATABASES["default"]["ENGINE"]:
    # psycopg prepares a statement only where code asks for it
    # (core.db.prepared_cursor: the survey submit): with Django's
    # default of None it would ignore even that, and a low threshold would
    # prepare every repeated query. Set DATABASE_PREPARED_STATEMENTS=0 behind
    # a connection pooler in transaction mode.
    if env.bool("DATABASE_PREPARED_STATEMENTS", default=True):
        DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = 2**31 - 1
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis: the broker, the result backend and the shared cache when configured.
REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_SOFT_TIME_LIMIT = 120
CELERY_TASK_TIME_LIMIT = 180
CELERY_TASK_ACKS_LATE = True
# A render whose worker died is taken over after this many seconds (more than
# the hard time limit); Redis hands its unacknowledged message out again after
# the visibility timeout (more than that). The fault tests make both short.
PDF_RENDER_STALE_SECONDS = env.int(
    "PDF_RENDER_STALE_SECONDS", default=CELERY_TASK_TIME_LIMIT + 60
)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int(
        "CELERY_VISIBILITY_TIMEOUT", default=PDF_RENDER_STALE_SECONDS + 60
    )
}
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Celery beat (``celery -A goedgesprek beat``): scheduled work. Every task is
# idempotent, so a missed or doubled run does no harm.
CELERY_BEAT_SCHEDULE = {
    # The daily clean-ups: personal data after the retention period, drafts
    # of closed surveys.
    "retention": {
        "task": "regions.retention_run",
        "schedule": crontab(minute=30, hour=3),
    },
    "drafts": {
        "task": "surveys.drafts_purge",
        "schedule": crontab(minute=45, hour=3),
    },
    "meeting-reminders": {
        # Reminders for tomorrow's meetings, hourly in the daytime so that an
        # invitation sent late today still gets its reminder.
        "task": "sessions_app.meetings.tasks.reminders_queue_task",
        "schedule": crontab(minute=0, hour="9-21"),
    },
    "actionplans-overdue-reminders": {
        "task": "actionplans.tasks.overdue_reminders_send_task",
        "schedule": crontab(minute=0, hour=8),
    },
    "actionplans-monthly-summaries": {
        "task": "actionplans.tasks.monthly_summaries_send_task",
        "schedule": crontab(minute=0, hour=8),
    },
    # PDFs asked for while Redis was down, or whose worker died: queue again.
    "actionplans-pdf-requeue": {
        "task": "actionplans.tasks.pdf_requeue_waiting_task",
        "schedule": crontab(minute="*/5"),
    },
}

# In a parallel test run pytest-xdist names each process (gw0, gw1, ...); each
# keeps its cache keys (rate-limit counters, login codes) under a prefix of its
# own, so that one process's tests never see or delete another's.
TEST_WORKER = env("PYTEST_XDIST_WORKER", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            # Redis down means a slower page, never a failed one.
            "BACKEND": "core.cache.DegradingRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
            "KEY_PREFIX": f"goedgesprek-{TEST_WORKER}"
            if TEST_WORKER
            else "goedgesprek",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "goedgesprek",
        }
    }

# Accounts.
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {
        "NAME": "accounts.validators.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "home"

ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Het goede gesprek] "
INVITATION_VALID_DAYS = 7

# Login throttling: five wrong attempts for one e-mail address from one
# address lock that combination for fifteen minutes.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "accounts.axes.username_from_credentials"
AXES_LOCKOUT_TEMPLATE = "account/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0)
# django-axes alone throttles per e-mail address, so a locked login always
# gets the lock-out page. allauth's own per-address limit (5 per 5 minutes)
# would answer first with a different message and a shorter window; its
# per-client-address limit stays.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip"}

# Internationalisation: Dutch first, English through gettext. Source strings in
# templates and code are Dutch, so a missing translation falls back to Dutch.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
CELERY_TIMEZONE = TIME_ZONE  # beat's crontab hours are Dutch hours
USE_I18N = True
USE_TZ = True

# Static files, served by WhiteNoise; no CDN anywhere.
STATIC_URL = "static/"
# Only production collects static files; elsewhere WhiteNoise serves them
# straight from the apps and STATICFILES_DIRS.
STATIC_ROOT = (
    env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
    if PRODUCTION
    else None
)
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")
# Files that only a permission-checking view serves (the plan PDFs): never
# under MEDIA_ROOT, so no web server can hand them out by URL.
PRIVATE_MEDIA_ROOT = env.path("DJANGO_PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private")
if PRODUCTION:
    # Compressed (gzip) copies beside each file and content hashes in the
    # names: WhiteNoise sends hashed files with a ten-year, immutable lifetime.
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {
            "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        },
    }
else:
    WHITENOISE_USE_FINDERS = True
    WHITENOISE_AUTOREFRESH = DEBUG

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
# Absolute links in e-mails sent by Celery, where no request tells the host.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", default="Het goede gesprek <noreply@goedgesprek.local>"
)

# Strict Content Security Policy: no inline scripts or styles, no third party.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
CSRF_FAILURE_VIEW = "goedgesprek.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=31536000)
    if SECURE_HSTS_SECONDS <= 0:
        # The variable tunes HSTS (a short time while trying out a new
        # domain); it cannot switch it off in production.
        raise ImproperlyConfigured("DJANGO_HSTS_SECONDS must be more than 0.")
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Starting a survey is rate-limited per client address in the cache; nothing
# about the client is stored with the answers.
RATELIMIT_ENABLE = env.bool("RATELIMIT_ENABLE", default=True)
RATELIMIT_VIEW = "goedgesprek.views.ratelimited"
# When the cache cannot be reached, let people in rather than lock them out:
# the limits guard against floods, and the survey and votes must keep working.
RATELIMIT_FAIL_OPEN = True
# core.cache.DegradingRedisCache is Django's RedisCache, which
# django-ratelimit supports; it only does not know the subclass's name.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
# Surveys started (drafts made) per client address. The submit has no limiter
# of its own: each draft is stored at most once. Generous: a whole meeting room
# may share one address on the venue's wifi.
SURVEY_START_RATE = env("SURVEY_START_RATE", default="120/10m")
# Live voting (sessions_app.voting.limits): 200 people in a church hall share
# one address, so a voter who has a cookie is counted by that cookie; the
# address counts only joins without one and attempts with unknown codes.
# Joins (a new voter each) per address, or per cookie for a voter rejoining.
VOTER_JOIN_RATE = env("VOTER_JOIN_RATE", default="1000/10m")
# Votes added or taken back per voter (per address without a cookie).
VOTER_VOTE_RATE = env("VOTER_VOTE_RATE", default="60/m")
# Topics suggested per voter.
VOTER_SUGGEST_RATE = env("VOTER_SUGGEST_RATE", default="20/10m")
# Unknown round codes typed per address; over it, no code is looked up.
VOTER_CODE_GUESS_RATE = env("VOTER_CODE_GUESS_RATE", default="200/10m")
SMALL_GROUP_THRESHOLD = 5

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}

SITE_NAME = _("Het goede gesprek over pleegzorg")

# Audit log (django-auditlog): who changed what; never an IP address.
AUDITLOG_DISABLE_REMOTE_ADDR = True

# Privacy: whom people can ask, and how long after a trajectory is closed its
# free text, contact data and voter tokens are kept (the privacy statement
# says both).
PRIVACY_CONTACT_EMAIL = env("PRIVACY_CONTACT_EMAIL", default="info@denvp.nl")
RETENTION_MONTHS = env.int("RETENTION_MONTHS", default=12)
