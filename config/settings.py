"""The one settings module. Every value comes from the environment (see docs/configuration.md).

With no environment at all it runs the embedded default: SQLite, tasks in-process, files on local disk.
`GONGJIAN_ENV=production` switches on the hardened defaults that `manage.py check --deploy` asks for.
"""

import hashlib
from base64 import urlsafe_b64encode
from datetime import date, timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"  # the embedded default's database, media and collected static files
(VAR_DIR / "static").mkdir(parents=True, exist_ok=True)

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

PRODUCTION = env("GONGJIAN_ENV", default="embedded") == "production"

DEV_SECRET_KEY = "embedded-insecure-key-do-not-use-in-production-0123456789abcdef"
SECRET_KEY = env("SECRET_KEY", default=None if PRODUCTION else DEV_SECRET_KEY)
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in production")
DEBUG = env.bool("DEBUG", default=not PRODUCTION)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])


def _derived_key(purpose: str) -> str:
    """A development-only key derived from SECRET_KEY, so the embedded default needs no setup."""
    digest = hashlib.sha256(f"{SECRET_KEY}:{purpose}".encode()).digest()
    return urlsafe_b64encode(digest).decode()


# Personal data at rest. FIELD_ENCRYPTION_KEYS: Fernet keys, newest first (older ones still decrypt,
# so keys can be rotated). BLIND_INDEX_KEY: the HMAC key of the lookup hashes of ID numbers and phones.
FIELD_ENCRYPTION_KEYS = env.list(
    "FIELD_ENCRYPTION_KEYS", default=[] if PRODUCTION else [_derived_key("field-encryption")]
)
BLIND_INDEX_KEY = env("BLIND_INDEX_KEY", default="" if PRODUCTION else _derived_key("blind-index"))
if not FIELD_ENCRYPTION_KEYS or not BLIND_INDEX_KEY:
    raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS and BLIND_INDEX_KEY must be set in production")

INSTALLED_APPS = [
    "core.admin_site.PlatformAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "core",
    "accounts",
    "areas",
    "volunteers",
    "partners",
    "campaigns",
    "orders",
    "targets",
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
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Databases: SQLite by default (WAL, IMMEDIATE transactions so writers queue instead of failing, a busy
# timeout); PostgreSQL with DATABASE_URL=postgres://…, with persistent, health-checked connections.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'gongjian.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    # JIT compilation cost more than it saved on the hot reads' small, index-driven plans (bench/).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Covering indexes (INCLUDE) are PostgreSQL's; on SQLite the same index is built without the extra columns.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["accounts.backends.PhoneOrUsernameBackend"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Cache (throttles, lockout windows): Redis when REDIS_URL is set, else process memory (embedded only).
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery: a Redis broker in production; in the embedded default tasks run in-process.
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_BEAT_SCHEDULE = {
    "event-reminders": {"task": "campaigns.tasks.send_reminders", "schedule": 60 * 60},
    "close-attendance": {"task": "campaigns.tasks.close_attendance", "schedule": 60 * 60},
    "refresh-match-stats": {"task": "volunteers.tasks.refresh_match_stats", "schedule": 24 * 60 * 60},
    "service-order-deadlines": {"task": "orders.tasks.handle_overdue_orders", "schedule": 15 * 60},
    "refresh-figures": {"task": "targets.tasks.refresh_figures", "schedule": 30 * 60},
    # The rhythm of the creation work: daily feedback, weekly summary, monthly dispatch (local time).
    "daily-reports": {
        "task": "targets.tasks.generate_scheduled_reports",
        "schedule": crontab(hour=6, minute=30),
        "args": ["daily"],
    },
    "weekly-reports": {
        "task": "targets.tasks.generate_scheduled_reports",
        "schedule": crontab(hour=7, minute=0, day_of_week="mon"),
        "args": ["weekly"],
    },
    "monthly-reports": {
        "task": "targets.tasks.generate_scheduled_reports",
        "schedule": crontab(hour=7, minute=30, day_of_month="1"),
        "args": ["monthly"],
    },
}

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# The Vue app (`frontend/`, built by `npm run build`): WhiteNoise serves its files at `/`, and
# `core.views.spa` answers every other page URL with its index.html so the app's router takes over.
FRONTEND_DIST = Path(env("FRONTEND_DIST", default=str(BASE_DIR / "frontend" / "dist")))
# Only once built: before that (a fresh clone running only the tests) there is nothing to serve, and
# WhiteNoise would warn on every request; the page view then explains how to build the app.
WHITENOISE_ROOT = FRONTEND_DIST if FRONTEND_DIST.is_dir() else None
# Vite puts a content hash in every asset's name: those can be cached for good.
WHITENOISE_IMMUTABLE_FILE_TEST = r"^.+[.-][0-9a-zA-Z_-]{8}\.(?:js|css|woff2?|svg|png|jpg|webp)$"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Request size limits: bad bodies are refused before they reach a view.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
# Activity photos: the largest upload accepted, and the most pixels one may decode to (decompression bombs).
PHOTO_MAX_BYTES = env.int("PHOTO_MAX_BYTES", default=8 * 1024 * 1024)
PHOTO_MAX_PIXELS = env.int("PHOTO_MAX_PIXELS", default=40_000_000)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.errors.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("THROTTLE_ANON", default="120/min"),
        "user": env("THROTTLE_USER", default="600/min"),
        "login": env("THROTTLE_LOGIN", default="20/min"),
        "signup": env("THROTTLE_SIGNUP", default="10/min"),
        "check_in": env("THROTTLE_CHECK_IN", default="10/min"),
        "order": env("THROTTLE_ORDER", default="10/min"),
        "survey": env("THROTTLE_SURVEY", default="20/min"),
    },
    "NUM_PROXIES": env.int("NUM_PROXIES", default=0),
}

SPECTACULAR_SETTINGS = {
    "TITLE": "共建 Gongjian API",
    "DESCRIPTION": "Volunteers, co-building partners, campaigns and targets of a district's "
    "civilized-city creation work. Errors share one shape: {code, message, errors[]}.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "AreaLevelEnum": "areas.models.Area.Level",
        "CenterLevelEnum": "areas.models.PracticeCenter.Level",
        "PartnerStatusEnum": "partners.models.Partner.Status",
        "PartnerKindEnum": "partners.models.Partner.Kind",
        "CommitmentKindEnum": "partners.models.Commitment.Kind",
        "ParticipationStatusEnum": "partners.models.CampaignParticipation.Status",
        "ParticipationOriginEnum": "partners.models.CampaignParticipation.Origin",
        "ActivityStatusEnum": "partners.models.PartnerActivity.Status",
        "MembershipRoleEnum": "accounts.models.Membership.Role",
        "MembershipStatusEnum": "accounts.models.Membership.Status",
        "CampaignStatusEnum": "campaigns.models.Campaign.Status",
        "EventStatusEnum": "campaigns.models.Event.Status",
        "RegistrationStatusEnum": "campaigns.models.Registration.Status",
        "ServiceOrderStatusEnum": "orders.models.ServiceOrder.Status",
        "ServiceOrderSourceEnum": "orders.models.ServiceOrder.Source",
        "ServiceCategoryEnum": "orders.models.Category",
        "OrderOfferStatusEnum": "orders.models.Offer.Status",
        "FollowUpStatusEnum": "orders.models.FollowUp.Status",
        "OrderActionEnum": "orders.models.StatusChange.Action",
        "OrderActorRoleEnum": "orders.models.StatusChange.ActorRole",
        "SurveyStatusEnum": "targets.models.Survey.Status",
        "QuestionKindEnum": "targets.models.Question.Kind",
        "QuestionMeasureEnum": "targets.models.Question.Measure",
        "SatisfactionSubjectEnum": "targets.models.Question.Subject",
        "TargetMetricEnum": "targets.models.Target.Metric",
        "TargetStatusEnum": "targets.metrics.STATUSES",
        "ReportKindEnum": "targets.models.Report.Kind",
        "ReportStatusEnum": "targets.models.Report.Status",
        "ArchiveStatusEnum": "targets.models.EvidenceArchive.Status",
    },
}

# Login lockout: this many failures for one account within the window lock it for the window.
LOGIN_LOCKOUT_FAILURES = env.int("LOGIN_LOCKOUT_FAILURES", default=5)
LOGIN_LOCKOUT_WINDOW = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))

# Registration rules: how many upcoming confirmed places one volunteer may hold, and how close to the
# start a cancellation counts as late (against the volunteer's reliability).
MAX_UPCOMING_REGISTRATIONS = env.int("MAX_UPCOMING_REGISTRATIONS", default=10)
LATE_CANCELLATION_HOURS = env.int("LATE_CANCELLATION_HOURS", default=24)
# Hours from check-in to check-out are rounded down to this step (in hours) before they are credited.
SERVICE_HOURS_STEP = env("SERVICE_HOURS_STEP", default="0.5")

# Service orders. Deadlines per step in working days: Monday to Friday, minus ORDER_SLA_HOLIDAYS, plus
# ORDER_SLA_WORKDAYS (weekend dates worked instead; both comma-separated ISO dates). Whether a resident
# confirms their number with a texted code; the tracking link texted to residents ({token} is filled in).
ORDER_SLA_DISPATCH_WORKING_DAYS = env.int("ORDER_SLA_DISPATCH_WORKING_DAYS", default=1)
ORDER_SLA_TAKE_WORKING_DAYS = env.int("ORDER_SLA_TAKE_WORKING_DAYS", default=2)
ORDER_SLA_COMPLETE_WORKING_DAYS = env.int("ORDER_SLA_COMPLETE_WORKING_DAYS", default=10)
ORDER_SLA_HOLIDAYS = [date.fromisoformat(day) for day in env.list("ORDER_SLA_HOLIDAYS", default=[])]
ORDER_SLA_WORKDAYS = [date.fromisoformat(day) for day in env.list("ORDER_SLA_WORKDAYS", default=[])]
ORDER_OTP_REQUIRED = env.bool("ORDER_OTP_REQUIRED", default=False)
ORDER_TRACKING_URL = env("ORDER_TRACKING_URL", default="http://127.0.0.1:8000/track/{token}")

# Notices go out through these channels; SMS_BACKEND is any class with send(phone=, text=).
NOTICE_CHANNELS = env.list("NOTICE_CHANNELS", default=["sms", "email"])
SMS_BACKEND = env("SMS_BACKEND", default="core.notifications.LoggingSmsBackend")
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="gongjian@localhost")

# The consent text version volunteers accept at sign-up (PIPL Art. 29: separate consent).
PRIVACY_CONSENT_VERSION = env("PRIVACY_CONSENT_VERSION", default="2026-11")
# The youngest age that may sign up without a guardian's consent (PIPL Art. 31).
GUARDIAN_CONSENT_UNDER_AGE = 14

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 12)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_personal_data": {"()": "core.logging.RedactPersonalData"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["redact_personal_data"],
            "formatter": "plain",
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"celery.app.trace": {"level": "WARNING"}},
}
