"""Settings for Seller Center Returns, driven by environment variables.

Production differs from development only through the environment; see
`.env.example` and `docs/deployment.md`.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

# GENERAL
# ------------------------------------------------------------------------------
BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()
if (BASE_DIR / ".env").is_file():
    env.read_env(str(BASE_DIR / ".env"), overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set DJANGO_SECRET_KEY (required when DJANGO_DEBUG is off).")
    SECRET_KEY = "development-only-insecure-key"  # noqa: S105 - only ever with DEBUG on
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
TIME_ZONE = "UTC"
# English and Turkish: the browser's Accept-Language, the header's switch (a cookie) or a
# signed-in user's preference chooses; see "Languages" in docs/decisions.md.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("tr", "Türkçe")]
USE_I18N = True
LOCALE_PATHS = [BASE_DIR / "locale"]
# Numbers are not grouped on their own (ids and quantities stay plain); the money filter groups amounts.
USE_THOUSAND_SEPARATOR = False
USE_TZ = True
ROOT_URLCONF = env.str("DJANGO_ROOT_URLCONF", default="sellercenter.urls")
WSGI_APPLICATION = "sellercenter.wsgi.application"

# DATABASES
# ------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several processes (web, worker, sweeper) share the demo database.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"server_side_binding": env.bool("DJANGO_DB_SERVER_SIDE_BINDING", default=True), "prepare_threshold": 2}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# CACHE
# ------------------------------------------------------------------------------
# The API's per-key throttle counts and the list of reasons. Local memory is one process's own;
# a deployment of several web processes names a shared one (docs/deployment.md).
CACHES = {"default": env.cache("DJANGO_CACHE_URL", default="locmemcache://")}

# APPS
# ------------------------------------------------------------------------------
DJANGO_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",  # OpClass in index expressions (the search's trigram indexes)
    "django.contrib.admin",
]
THIRD_PARTY_APPS = [
    "django_fsm",
    "django_fsm_log",
    "django_tasks_db",
    "axes",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
]
LOCAL_APPS = ["accounts", "orders", "returns", "backoffice", "store", "api"]
# The sandbox payment gateway keeps its ledger in its own app, installed (and migrated) only
# while it is the configured gateway: the default, for the demo, development and tests.
PAYMENT_GATEWAY_BACKEND = env.str("PAYMENT_GATEWAY_BACKEND", default="sandbox.gateway.SandboxGateway")
if PAYMENT_GATEWAY_BACKEND == "returns.gateways.sandbox.SandboxGateway":
    raise ImproperlyConfigured("The sandbox gateway moved: set PAYMENT_GATEWAY_BACKEND=sandbox.gateway.SandboxGateway.")
SANDBOX_APPS = ["sandbox"] if PAYMENT_GATEWAY_BACKEND.startswith("sandbox.") else []
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS + SANDBOX_APPS

MIDDLEWARE = [
    # First: the load balancer's probe by address over plain HTTP, before the HTTPS redirect and
    # host validation. Then the proxy headers are dropped unless a trusted proxy sent them, before
    # anything asks request.is_secure().
    "sellercenter.middleware.HealthCheckMiddleware",
    "sellercenter.middleware.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After the session (a signed-in user's preferred language), before CommonMiddleware.
    "accounts.language.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "sellercenter.middleware.RejectNulMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.sessions.StaffIdleTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After authentication and messages: the 404 page shows who is signed in.
    "sellercenter.middleware.OwnErrorPagesMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# AUTH
# ------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"  # each person's own site (`sellercenter.views.start_page`)
LOGOUT_REDIRECT_URL = "login"
# ModelBackend behind django-axes' check: a locked-out username is refused before its password is checked.
AUTHENTICATION_BACKENDS = ["accounts.signin.SignInBackend"]
# Omnitron and Seller Center sessions end after this many seconds without a request; customers
# keep Django's two-week session.
STAFF_SESSION_IDLE_SECONDS = env.int("STAFF_SESSION_IDLE_SECONDS", default=2 * 60 * 60)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# SIGN-IN THROTTLING (django-axes, SPEC rule 15)
# ------------------------------------------------------------------------------
# 5 failures for one username from one address lock that pair for 15 minutes, counted from the
# failure that locked it (attempts during the lock do not extend it). A success resets the count.
AXES_FAILURE_LIMIT = env.int("SIGNIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("SIGNIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "accounts.signin.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
AXES_CLIENT_IP_CALLABLE = "sellercenter.middleware.client_ip"
AXES_USERNAME_CALLABLE = "accounts.signin.client_username"
# Not on Django's default site, which is not served here.
AXES_ENABLE_ADMIN = False
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "csrfmiddlewaretoken"]

# TEMPLATES
# ------------------------------------------------------------------------------
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
            ],
        },
    },
]

# STATIC
# ------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str(
            "DJANGO_STATICFILES_STORAGE",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}

# SECURITY
# ------------------------------------------------------------------------------
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
# The load balancer's health check speaks plain HTTP (HealthCheckMiddleware answers it first anyway).
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
# Believed only from TRUSTED_PROXY_IPS: TrustedProxyMiddleware drops it from anyone else.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Addresses or networks of the TLS-terminating proxies / load balancers (gunicorn.conf.py reads
# the same variable for forwarded_allow_ips). Empty: no forwarded header is believed.
TRUSTED_PROXY_IPS = env.list("TRUSTED_PROXY_IPS", default=[])
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

# EMAIL
# ------------------------------------------------------------------------------
EMAIL_BACKEND_PATH = env.str(
    "DJANGO_EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
MAILERS = {"default": {"BACKEND": EMAIL_BACKEND_PATH}}
if EMAIL_BACKEND_PATH.endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": env.str("DJANGO_EMAIL_HOST", default="localhost"),
        "port": env.int("DJANGO_EMAIL_PORT", default=25),
        "username": env.str("DJANGO_EMAIL_HOST_USER", default=""),
        "password": env.str("DJANGO_EMAIL_HOST_PASSWORD", default=""),
        "use_tls": env.bool("DJANGO_EMAIL_USE_TLS", default=False),
    }
# The mailer (`manage.py send_emails`) retries a failed email with growing pauses, then gives up.
EMAIL_MAX_ATTEMPTS = env.int("EMAIL_MAX_ATTEMPTS", default=8)
EMAIL_RETRY_BASE_SECONDS = env.int("EMAIL_RETRY_BASE_SECONDS", default=30)
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="Marketplace <orders@marketplace.example>")

# TASKS
# ------------------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": env.str("DJANGO_TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
    }
}

# INTEGRATION API (SPEC section 8, docs/api.md)
# ------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.ApiKeyAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.ApiKeyRateThrottle"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.ApiPagination",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Seller Center Returns API",
    "DESCRIPTION": "Claims, packages and plans for sellers' and the owner's systems (docs/api.md).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_AUTHENTICATION": [],
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "api.schema.add_links"],
    "ENUM_NAME_OVERRIDES": {
        "RequestStatusEnum": "returns.choices.RequestStatus",
        "PlanStatusEnum": "returns.choices.PlanStatus",
        "RefundLineStatusEnum": "returns.choices.RefundLineStatus",
        "ReturnShipmentStatusEnum": "returns.choices.ReturnShipmentStatus",
        "PackageStatusEnum": "orders.choices.PackageStatus",
        "OrderItemStatusEnum": "orders.choices.OrderItemStatus",
    },
}
# Requests one key may make ("600/min"); over it, 429 with Retry-After.
API_RATE_PER_KEY = env.str("API_RATE_PER_KEY", default="600/min")
# A key's last-used time is written at most this often (not on every poll).
API_KEY_TOUCH_SECONDS = env.int("API_KEY_TOUCH_SECONDS", default=60)
# How long the answer to a POST with an Idempotency-Key is replayed (at least 24 hours).
API_IDEMPOTENCY_HOURS = env.int("API_IDEMPOTENCY_HOURS", default=48)
# Webhooks (docs/api.md): a delivery not answered with a 2xx is retried with pauses doubling from
# the base to the maximum, for this many hours, then failed; each POST waits this many seconds.
WEBHOOK_RETRY_HOURS = env.int("WEBHOOK_RETRY_HOURS", default=25)
WEBHOOK_BACKOFF_BASE_SECONDS = env.int("WEBHOOK_BACKOFF_BASE_SECONDS", default=30)
WEBHOOK_BACKOFF_MAX_SECONDS = env.int("WEBHOOK_BACKOFF_MAX_SECONDS", default=3600)
WEBHOOK_TIMEOUT_SECONDS = env.float("WEBHOOK_TIMEOUT_SECONDS", default=5.0)
# Deliveries to loopback and private addresses (our own network) only in development.
WEBHOOK_ALLOW_PRIVATE_ADDRESSES = env.bool("WEBHOOK_ALLOW_PRIVATE_ADDRESSES", default=DEBUG)

# LOGGING
# ------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "sellercenter.logging.JsonFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": env.str("DJANGO_LOG_FORMAT", default="plain")}
    },
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        # One handler for Django's own loggers too (its default adds a second one under DEBUG).
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "WARNING"},
    },
}

# DOMAIN
# ------------------------------------------------------------------------------
RETURN_WINDOW_DAYS = env.int("RETURN_WINDOW_DAYS", default=14)
SELLER_RESPONSE_DAYS = env.int("SELLER_RESPONSE_DAYS", default=3)
AUTO_APPROVE_CUSTOMER_CANCELLATIONS = env.bool("AUTO_APPROVE_CUSTOMER_CANCELLATIONS", default=False)
# How many request submissions (each Return Selected Items) one customer may make in an hour; 0: no limit.
REQUEST_SUBMISSIONS_PER_HOUR = env.int("REQUEST_SUBMISSIONS_PER_HOUR", default=20)
# A customer may ask again for an item whose request was rejected, up to this many rejections.
REJECTED_REQUESTS_PER_ITEM = env.int("REJECTED_REQUESTS_PER_ITEM", default=2)
# How long a web process may show the list of reasons after the owner edits it elsewhere.
REASONS_CACHE_SECONDS = env.int("REASONS_CACHE_SECONDS", default=60)
PAYMENT_GATEWAY = {
    "BACKEND": PAYMENT_GATEWAY_BACKEND,
    # Fault injection for the sandbox gateway (rates between 0 and 1).
    "FAILURE_RATE": env.float("PAYMENT_GATEWAY_FAILURE_RATE", default=0.0),
    "TIMEOUT_RATE": env.float("PAYMENT_GATEWAY_TIMEOUT_RATE", default=0.0),
    "DECLINE_RATE": env.float("PAYMENT_GATEWAY_DECLINE_RATE", default=0.0),
    "LOOKUP_FAILURE_RATE": env.float("PAYMENT_GATEWAY_LOOKUP_FAILURE_RATE", default=0.0),
    "LATENCY_SECONDS": env.float("PAYMENT_GATEWAY_LATENCY_SECONDS", default=0.0),
}
REFUND_MAX_ATTEMPTS = env.int("REFUND_MAX_ATTEMPTS", default=5)
REFUND_BACKOFF_SECONDS = env.int("REFUND_BACKOFF_SECONDS", default=30)
REFUND_IN_FLIGHT_TIMEOUT_SECONDS = env.int("REFUND_IN_FLIGHT_TIMEOUT_SECONDS", default=300)
# A task row still running after this long lost its worker; the sweeper marks it failed.
TASK_RUNNING_TIMEOUT_SECONDS = env.int("TASK_RUNNING_TIMEOUT_SECONDS", default=1800)
# Return shipments (SPEC section 3): a return's parcel is shipped by the customer within
# RETURN_SHIP_DAYS, or the return expires; one in transit longer than RETURN_TRANSIT_DAYS
# is flagged to the owner. New returns go with RETURN_CARRIER, a key of RETURN_CARRIERS.
RETURN_SHIP_DAYS = env.int("RETURN_SHIP_DAYS", default=7)
RETURN_TRANSIT_DAYS = env.int("RETURN_TRANSIT_DAYS", default=10)
RETURN_CARRIER = env.str("RETURN_CARRIER", default="sandbox")
RETURN_CARRIERS = {
    "sandbox": {
        "BACKEND": "sandbox.carrier.SandboxCarrier",
        "NAME": "Sandbox Cargo",
        "TRACKING_URL": "https://tracking.sandbox-cargo.example/{tracking_number}",
        # Empty: the sandbox signs its own scans with a key derived from DJANGO_SECRET_KEY.
        "WEBHOOK_SECRET": env.str("SANDBOX_CARRIER_WEBHOOK_SECRET", default=""),
        # Seconds after I Have Shipped It that the sandbox reports the parcel in transit, then delivered.
        "IN_TRANSIT_SECONDS": env.int("SANDBOX_CARRIER_IN_TRANSIT_SECONDS", default=20),
        "DELIVERED_SECONDS": env.int("SANDBOX_CARRIER_DELIVERED_SECONDS", default=90),
    },
}
# A carrier's webhook call whose signed timestamp is further than this from our clock is refused.
CARRIER_WEBHOOK_TOLERANCE_SECONDS = env.int("CARRIER_WEBHOOK_TOLERANCE_SECONDS", default=300)
# Where emails link to (the return label, the order's page).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
