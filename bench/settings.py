"""The app's settings as production would serve reads: no debug, no throttling, only the bench's URLs added."""

from config.settings import *  # noqa: F403
from config.settings import REST_FRAMEWORK

ROOT_URLCONF = "bench.urls"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1"]
# The load loop is one client hammering one endpoint: the default throttles would measure themselves.
# (Scoped rates stay, so views that name a scope keep working.)
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}
