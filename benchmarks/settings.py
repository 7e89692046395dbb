"""Settings for ``make bench``: the project's own settings plus the floor view.

Used only by ``benchmarks/run.py`` (and the gunicorn it starts); never part of
the production settings. DEBUG stays off, as in production, so Django keeps no
query log and renders no debug pages.
"""

from django.core.exceptions import ImproperlyConfigured

from goedgesprek.settings import *  # noqa: F403
from goedgesprek.settings import INSTALLED_APPS
from goedgesprek.settings import PRODUCTION

if PRODUCTION:
    raise ImproperlyConfigured(
        "benchmarks.settings is for benchmarks only; unset DJANGO_PRODUCTION."
    )

INSTALLED_APPS = [*INSTALLED_APPS, "benchmarks"]
ROOT_URLCONF = "benchmarks.urls"
WSGI_APPLICATION = "benchmarks.wsgi.application"
DEBUG = False
WHITENOISE_AUTOREFRESH = False
