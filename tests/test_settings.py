"""Settings come from the environment, with safe local defaults.

Each test starts a fresh Python process with only the variables it names, so
the settings module is read the way ``manage.py`` or gunicorn would read it.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DJANGO_PRODUCTION": "1",
    "DJANGO_SECRET_KEY": "k7#Qv9!pZ2w@Lx4$Tn8&Rb6^Yc3*Hm5%Jd1(Fs0)Gg-Ue_Ai+Oo=Pq",
    "DJANGO_ALLOWED_HOSTS": "goedgesprek.example.org",
}

# A developer's .env must not leak into "nothing set": the probe replaces
# django-environ's .env reader before the settings module runs.
PROBE = """
import json, environ
environ.Env.read_env = classmethod(lambda cls, *args, **kwargs: None)
from goedgesprek import settings as s
print(json.dumps({
    "DEBUG": s.DEBUG,
    "ENGINE": s.DATABASES["default"]["ENGINE"],
    "NAME": str(s.DATABASES["default"]["NAME"]),
    "HOST": s.DATABASES["default"].get("HOST", ""),
    "CELERY_BROKER_URL": s.CELERY_BROKER_URL,
    "CELERY_RESULT_BACKEND": s.CELERY_RESULT_BACKEND,
    "CELERY_TASK_ALWAYS_EAGER": s.CELERY_TASK_ALWAYS_EAGER,
    "CACHE": s.CACHES["default"]["BACKEND"],
    "SECRET_KEY": s.SECRET_KEY,
    "ALLOWED_HOSTS": s.ALLOWED_HOSTS,
}))
"""


def clean_env(**variables):
    """Only what a process needs to start, plus ``variables``."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    env.update(variables)
    return env


def settings_with(**variables):
    completed = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=BASE_DIR,
        env=clean_env(**variables),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout)


def test_nothing_set_uses_sqlite_in_the_project_folder():
    settings = settings_with()

    assert settings["ENGINE"] == "django.db.backends.sqlite3"
    assert Path(settings["NAME"]).parent == BASE_DIR


def test_nothing_set_runs_celery_eagerly_without_a_broker():
    settings = settings_with()

    assert settings["CELERY_BROKER_URL"] == ""
    assert settings["CELERY_TASK_ALWAYS_EAGER"] is True
    assert settings["CACHE"].endswith("LocMemCache")


def test_nothing_set_keeps_debug_off():
    assert settings_with()["DEBUG"] is False


def test_django_debug_turns_debug_on():
    assert settings_with(DJANGO_DEBUG="1")["DEBUG"] is True


def test_database_url_switches_to_postgresql():
    settings = settings_with(DATABASE_URL="postgres://gg@db.internal:5432/goedgesprek")

    assert settings["ENGINE"] == "django.db.backends.postgresql"
    assert (settings["HOST"], settings["NAME"]) == ("db.internal", "goedgesprek")


def test_redis_url_configures_broker_results_and_cache():
    settings = settings_with(REDIS_URL="redis://redis.internal:6379/0")

    assert settings["CELERY_BROKER_URL"] == "redis://redis.internal:6379/0"
    assert settings["CELERY_RESULT_BACKEND"] == "redis://redis.internal:6379/0"
    assert settings["CELERY_TASK_ALWAYS_EAGER"] is False
    assert settings["CACHE"].endswith("RedisCache")


def test_celery_broker_url_alone_turns_eager_mode_off():
    settings = settings_with(CELERY_BROKER_URL="redis://broker.internal:6379/2")

    assert settings["CELERY_BROKER_URL"] == "redis://broker.internal:6379/2"
    assert settings["CELERY_TASK_ALWAYS_EAGER"] is False


def test_production_reads_secret_key_and_hosts_from_the_environment():
    settings = settings_with(**PRODUCTION_ENV)

    assert settings["SECRET_KEY"] == PRODUCTION_ENV["DJANGO_SECRET_KEY"]
    assert settings["ALLOWED_HOSTS"] == ["goedgesprek.example.org"]


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"])
def test_production_without_a_required_value_refuses_to_start(missing):
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != missing}

    completed = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=BASE_DIR,
        env=clean_env(**env),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert completed.returncode != 0
    assert f"Set the {missing} environment variable" in completed.stderr


def test_production_settings_pass_the_deploy_check():
    completed = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
        ],
        cwd=BASE_DIR,
        env=clean_env(**PRODUCTION_ENV),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "System check identified no issues" in completed.stdout


SECURITY_PROBE = """
import json, environ
environ.Env.read_env = classmethod(lambda cls, *args, **kwargs: None)
from goedgesprek import settings as s
print(json.dumps({
    "SESSION_COOKIE_SECURE": s.SESSION_COOKIE_SECURE,
    "CSRF_COOKIE_SECURE": s.CSRF_COOKIE_SECURE,
    "SESSION_COOKIE_HTTPONLY": s.SESSION_COOKIE_HTTPONLY,
    "SECURE_SSL_REDIRECT": s.SECURE_SSL_REDIRECT,
    "SECURE_HSTS_SECONDS": s.SECURE_HSTS_SECONDS,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": s.SECURE_HSTS_INCLUDE_SUBDOMAINS,
    "CSP": {k: list(v) for k, v in s.CONTENT_SECURITY_POLICY["DIRECTIVES"].items()},
}))
"""


def _security_settings(**variables):
    completed = subprocess.run(
        [sys.executable, "-c", SECURITY_PROBE],
        cwd=BASE_DIR,
        env=clean_env(**variables),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout)


def test_production_sends_cookies_over_https_only_with_hsts():
    settings = _security_settings(**PRODUCTION_ENV)

    assert settings["SESSION_COOKIE_SECURE"] is True
    assert settings["CSRF_COOKIE_SECURE"] is True
    assert settings["SESSION_COOKIE_HTTPONLY"] is True
    assert settings["SECURE_SSL_REDIRECT"] is True
    # A year at least, for the domain and its subdomains.
    assert settings["SECURE_HSTS_SECONDS"] >= 31536000
    assert settings["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True


@pytest.mark.parametrize("seconds", ["0", "-1"])
def test_production_refuses_to_start_with_hsts_switched_off(seconds):
    """DJANGO_HSTS_SECONDS may tune HSTS, not turn it off."""
    completed = subprocess.run(
        [sys.executable, "-c", SECURITY_PROBE],
        cwd=BASE_DIR,
        env=clean_env(**PRODUCTION_ENV, DJANGO_HSTS_SECONDS=seconds),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert completed.returncode != 0
    assert "DJANGO_HSTS_SECONDS must be more than 0" in completed.stderr


def test_the_content_security_policy_allows_no_inline_code():
    directives = _security_settings(**PRODUCTION_ENV)["CSP"]

    for name, sources in directives.items():
        for source in sources:
            assert "unsafe" not in source, (name, source)
            assert source not in {"*", "data:"} or name == "img-src", (name, source)
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]


def test_local_settings_fail_the_deploy_check():
    """The deploy check is not toothless: without production values it fails."""
    completed = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=clean_env(DJANGO_DEBUG="1"),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert completed.returncode != 0
    assert "security.W018" in completed.stderr  # DEBUG on


STATIC_PROBE = """
from django.test import Client
from django.templatetags.static import static
import django, json
django.setup()
url = static("css/site.css")
response = Client().get(
    url, secure=True, HTTP_HOST="goedgesprek.example.org", HTTP_ACCEPT_ENCODING="gzip"
)
print(json.dumps({
    "url": url,
    "status": response.status_code,
    "cache_control": response.get("Cache-Control", ""),
    "encoding": response.get("Content-Encoding", ""),
}))
"""


def test_production_serves_hashed_compressed_static_files_for_years(tmp_path):
    """collectstatic as in the Dockerfile; WhiteNoise then serves gzip, immutable.

    Django's admin and the full Bootstrap (20 MB with source maps) are left out
    only to keep the test fast: compressing them takes most of a minute.
    """
    env = clean_env(**PRODUCTION_ENV, DJANGO_STATIC_ROOT=str(tmp_path))
    collect = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "collectstatic",
            "--noinput",
            "-v0",
            "--ignore=admin",
            "--ignore=bootstrap",
        ],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert collect.returncode == 0, collect.stderr
    probe = subprocess.run(
        [sys.executable, "-c", STATIC_PROBE],
        cwd=BASE_DIR,
        env={**env, "DJANGO_SETTINGS_MODULE": "goedgesprek.settings"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert probe.returncode == 0, probe.stderr
    served = json.loads(probe.stdout)

    assert served["status"] == 200, served
    assert served["url"] != "/static/css/site.css"  # a content hash in the name
    assert "immutable" in served["cache_control"]
    assert "max-age=315360000" in served["cache_control"]
    assert served["encoding"] == "gzip"
