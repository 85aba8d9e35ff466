"""Gonghui settings: one file, read from the environment (12-factor).

SQLite under var/ by default; PostgreSQL when DATABASE_URL is set.
"""

import sys
from datetime import timedelta
from pathlib import Path

import environ

from gonghui.core.secret_key import read_or_create

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
TESTING = env.bool("TESTING", default="pytest" in sys.modules)
# Single-PC mode (`make run`, `make start`): DEBUG off, plain HTTP on this computer only, and a secret key
# generated once and kept in var/secret_key (mode 0600), so a village union needs no configuration.
LOCAL = env.bool("GONGHUI_LOCAL", default=False)
# A development key only works in debug or test runs; a server must set its own.
SECRET_KEY = env.str("SECRET_KEY", default="dev-insecure-key-only-for-local-demo" if DEBUG or TESTING else "")
if not SECRET_KEY and LOCAL:
    SECRET_KEY = read_or_create(Path(env.str("GONGHUI_SECRET_KEY_FILE", default=str(VAR_DIR / "secret_key"))))
if not SECRET_KEY:
    raise environ.ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (see README).")
ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG or LOCAL else []
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Domain apps, in dependency order: urls, api routers, metrics and demo data are discovered from this list.
GONGHUI_APPS = [
    "gonghui.core",
    "gonghui.orgs",
    "gonghui.metrics",
    "gonghui.members",
    "gonghui.dues",
    "gonghui.plans",
    "gonghui.activities",
    "gonghui.care",
    "gonghui.reports",
    "gonghui.democracy",
    "gonghui.voice",
    "gonghui.rights",
    "gonghui.unionwork",
    "gonghui.help",
    "gonghui.accounts",
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "treebeard",
    "auditlog",
    "axes",
    "django_tasks",
    "django_tasks_db",
    *GONGHUI_APPS,
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "gonghui.core.middleware.RejectNulMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "gonghui.core.middleware.SessionTimeoutMiddleware",
    "gonghui.core.passwords.PasswordExpiryMiddleware",
    "gonghui.accounts.middleware.FirstPasswordMiddleware",
    "gonghui.core.middleware.AuditlogMiddleware",  # auditlog's, with our client address
    "gonghui.core.middleware.ActiveOrgMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "gonghui.urls"
WSGI_APPLICATION = "gonghui.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gonghui.core.context_processors.layout",
                "gonghui.help.context_processors.help_link",
            ],
            "builtins": ["template_partials.templatetags.partials", "gonghui.core.templatetags.gonghui"],
        },
    },
]


def _sqlite_database():
    VAR_DIR.mkdir(exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": env.str("SQLITE_PATH", default=str(VAR_DIR / "gonghui.sqlite3")),
        "OPTIONS": {
            # IMMEDIATE avoids "database is locked" on lock upgrade when the worker and web write at once.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
                "PRAGMA cache_size=-64000; PRAGMA temp_store=MEMORY; PRAGMA mmap_size=268435456;"
            ),
        },
        "TEST": {"NAME": env.str("SQLITE_TEST_PATH", default="")}
        if env.str("SQLITE_TEST_PATH", default="")
        else {},
    }


DATABASES = {"default": env.db("DATABASE_URL") if env.str("DATABASE_URL", default="") else _sqlite_database()}
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# 等保 2.0 level 2 (docs/operator/等保.md): at least 8 characters of 3 kinds (upper, lower, digits, symbols),
# not a common password nor like the account's name; changed every 90 days (0: never expires).
GONGHUI_PASSWORD_MIN_LENGTH = env.int("GONGHUI_PASSWORD_MIN_LENGTH", default=8)
GONGHUI_PASSWORD_MIN_CLASSES = env.int("GONGHUI_PASSWORD_MIN_CLASSES", default=3)
# Off in tests, whose clocks jump months ahead of the fixtures' passwords; its own tests turn it on.
GONGHUI_PASSWORD_MAX_AGE_DAYS = env.int("GONGHUI_PASSWORD_MAX_AGE_DAYS", default=0 if TESTING else 90)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "gonghui.core.passwords.MinimumLengthValidator",
        "OPTIONS": {"min_length": GONGHUI_PASSWORD_MIN_LENGTH},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {
        "NAME": "gonghui.core.passwords.CharacterClassValidator",
        "OPTIONS": {"min_classes": GONGHUI_PASSWORD_MIN_CLASSES},
    },
]
PASSWORD_HASHERS = [
    "gonghui.core.passwords.Argon2Hasher",  # Argon2id at OWASP's parameters (core/passwords.py)
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "gonghui.accounts.backends.PhoneBackend",  # a member logs in with the phone the roster holds
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Lock an account for 15 minutes after 5 failed logins.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
# Per account from one address: colleagues behind one village NAT do not lock each other out.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "core/lockout.html"
AXES_RESET_ON_SUCCESS = True
# Failed logins are logged too (axes AccessFailureLog), beside the successful ones (AccessLog).
AXES_ENABLE_ACCESS_FAILURE_LOG = True

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "gonghui" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# collectstatic writes the build WhiteNoise serves here.
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG and not TESTING
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING
# A file the manifest lacks is served under its plain name instead of failing the page with a 500.
WHITENOISE_MANIFEST_STRICT = False
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns on every request when it is missing
MEDIA_URL = "media/"
MEDIA_ROOT = env.str("MEDIA_ROOT", default=str(VAR_DIR / "media"))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10000

TASKS = {
    "default": {
        # Tests run tasks inline so they see the result; the app queues them for the worker.
        "BACKEND": env.str(
            "TASK_BACKEND",
            default="django_tasks.backends.immediate.ImmediateBackend"
            if TESTING
            else "django_tasks_db.DatabaseBackend",
        ),
    }
}

# Daily work (`manage.py scheduler` enqueues it; `bin/run` starts the scheduler beside the worker).
GONGHUI_DAILY_AT = env.str("GONGHUI_DAILY_AT", default="02:00")
GONGHUI_DAILY_TASKS = [
    "gonghui.metrics.tasks.snapshot_metrics",
    "gonghui.plans.tasks.build_digest",
    "gonghui.core.retention.purge_downloads",
    "gonghui.core.backup.daily_backup",
    "gonghui.core.retention.purge_audit",
    "gonghui.voice.tasks.escalate_letters",
]
# `manage.py backup` and the daily backup write here; the daily one keeps 7 daily, 4 weekly, 12 monthly archives.
GONGHUI_BACKUP_DIR = env.str("GONGHUI_BACKUP_DIR", default=str(VAR_DIR / "backups"))
GONGHUI_BACKUP_KEEP_DAILY = env.int("GONGHUI_BACKUP_KEEP_DAILY", default=7)
GONGHUI_BACKUP_KEEP_WEEKLY = env.int("GONGHUI_BACKUP_KEEP_WEEKLY", default=4)
GONGHUI_BACKUP_KEEP_MONTHLY = env.int("GONGHUI_BACKUP_KEEP_MONTHLY", default=12)
# Exports carry personal data: their files are deleted this many days after they were built.
GONGHUI_DOWNLOAD_KEEP_DAYS = env.int("GONGHUI_DOWNLOAD_KEEP_DAYS", default=7)
# The change log, the sensitive-access log and the login log are kept this long, then deleted daily.
# 等保 2.0 asks for at least 6 months: a shorter setting is refused at startup (core.checks).
GONGHUI_AUDIT_KEEP_DAYS = env.int("GONGHUI_AUDIT_KEEP_DAYS", default=365)
# Our reverse proxies (addresses or networks, e.g. "127.0.0.1"): only from them is X-Forwarded-For
# believed, for the client address the change log and the sensitive-access log record.
GONGHUI_TRUSTED_PROXIES = env.list("GONGHUI_TRUSTED_PROXIES", default=[])
# How many members a SENSITIVE viewer may find per hour by hidden ID or phone digits (each logged).
GONGHUI_SEARCH_REVEALS_PER_HOUR = env.int("GONGHUI_SEARCH_REVEALS_PER_HOUR", default=100)
GONGHUI_DIGEST_EMAIL = env.bool("GONGHUI_DIGEST_EMAIL", default=False)
# Imports: a federation's roster has up to a couple of million rows; a sheet beyond these limits is
# refused before it can hold the only worker (a 4 MB xlsx can unpack to gigabytes of XML).
GONGHUI_IMPORT_MAX_ROWS = env.int("GONGHUI_IMPORT_MAX_ROWS", default=2_000_000)
GONGHUI_IMPORT_MAX_UNCOMPRESSED_MB = env.int("GONGHUI_IMPORT_MAX_UNCOMPRESSED_MB", default=2000)
GONGHUI_IMPORT_MAX_ERRORS = env.int("GONGHUI_IMPORT_MAX_ERRORS", default=1000)  # kept in the database

SESSION_COOKIE_HTTPONLY = True
# Logged out after this long without a request, and in any case this long after logging in
# (core.middleware.SessionTimeoutMiddleware; core/static/core/session.js warns 2 minutes before).
GONGHUI_SESSION_IDLE_MINUTES = env.int("GONGHUI_SESSION_IDLE_MINUTES", default=30)
GONGHUI_SESSION_MAX_HOURS = env.int("GONGHUI_SESSION_MAX_HOURS", default=12)
SESSION_COOKIE_AGE = GONGHUI_SESSION_MAX_HOURS * 3600
CSRF_FAILURE_VIEW = "gonghui.core.views.csrf_failure"
CSRF_COOKIE_HTTPONLY = True  # htmx sends the token from hx-headers on <body>, not from the cookie
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast fixtures; Argon2 in real use
if not DEBUG and not TESTING:
    # The single-PC mode serves plain HTTP on 127.0.0.1: no TLS there to redirect to or pin.
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not LOCAL)
    SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not LOCAL)
    CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not LOCAL)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if LOCAL else 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = not LOCAL
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not LOCAL)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "script-src": ["'self'"],
        "font-src": ["'self'", "data:"],
        "frame-ancestors": ["'none'"],
    }
}

# Care: per-org ceilings are data; these are the defaults when an org sets none.
GONGHUI_DEFAULT_AID_CEILING = 2000
GONGHUI_DEFAULT_FESTIVAL_GIFT_CEILING = 2200
GONGHUI_CARE_ABSURD_AMOUNT = env.int(
    "GONGHUI_CARE_ABSURD_AMOUNT", default=100_000
)  # refused even with override
GONGHUI_CARE_MIN_NOTICE_DAYS = env.int("GONGHUI_CARE_MIN_NOTICE_DAYS", default=5)  # 公示期
# The who-should-be-visited list looks this many days ahead; retirement ages by gender.
GONGHUI_CARE_BIRTHDAY_DAYS = env.int("GONGHUI_CARE_BIRTHDAY_DAYS", default=7)
GONGHUI_CARE_RETIREMENT_DAYS = env.int("GONGHUI_CARE_RETIREMENT_DAYS", default=30)
GONGHUI_CARE_REVIEW_REMINDER_DAYS = env.int("GONGHUI_CARE_REVIEW_REMINDER_DAYS", default=30)
GONGHUI_RETIREMENT_AGE = {"M": 60, "F": 55}

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="gonghui@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}
