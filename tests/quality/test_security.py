"""Secure by default: security headers on every response, production settings that pass
`check --deploy`, and templates free of inline script and style (so the CSP can forbid them)."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from portal.production import refuse_unsafe_production_settings

from .pages import PUBLIC_PAGES

PRODUCTION_ENVIRONMENT = {
    "PORTAL_ENV": "production",
    "SECRET_KEY": "a-test-only-key-" + "k3y" * 20,
    "ALLOWED_HOSTS": "guidance.example.gov.uk",
    "DEBUG": "0",
}


def run_under_production(*args):
    environment = {**os.environ, **PRODUCTION_ENVIRONMENT}
    for inherited in ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        environment.pop(inherited, None)
    return subprocess.run(
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "url"), PUBLIC_PAGES, ids=lambda v: v)
def test_every_page_sends_the_security_headers(client, shipped_content, name, url):
    response = client.get(url)
    csp = response["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "default-src 'none'" in csp
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"


# `check` runs no database check unless it is given --database, and the production settings
# refuse to start before any connection: the tests marked database_independent below open no
# database, so the PostgreSQL pass of CI skips them (tests/conftest.py).


@pytest.mark.database_independent
def test_check_deploy_reports_nothing_under_production_settings():
    result = run_under_production("manage.py", "check", "--deploy", "--fail-level", "DEBUG")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.fixture(scope="module")
def collected_static(tmp_path_factory):
    static_root = tmp_path_factory.mktemp("static")
    PRODUCTION_ENVIRONMENT["STATIC_ROOT"] = str(static_root)
    result = run_under_production("manage.py", "collectstatic", "--noinput", "--verbosity", "0")
    assert result.returncode == 0, result.stderr
    yield static_root
    del PRODUCTION_ENVIRONMENT["STATIC_ROOT"]


def test_static_files_are_hashed_and_compressed(collected_static):
    stylesheets = [p.name for p in (collected_static / "css").iterdir()]
    hashed = [name for name in stylesheets if re.fullmatch(r"portal\.[0-9a-f]{12}\.css", name)]
    assert hashed, stylesheets
    assert f"{hashed[0]}.gz" in stylesheets


def test_production_sends_hsts_and_secure_cookies(collected_static):
    script = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
response = Client().get("/robots.txt", secure=True, HTTP_HOST="guidance.example.gov.uk")
insecure = Client().get("/robots.txt", HTTP_HOST="guidance.example.gov.uk")
print(json.dumps({
    "hsts": response.headers.get("Strict-Transport-Security"),
    "status": response.status_code,
    "insecure_status": insecure.status_code,
    "insecure_location": insecure.headers.get("Location"),
    "session_secure": settings.SESSION_COOKIE_SECURE,
    "csrf_secure": settings.CSRF_COOKIE_SECURE,
    "debug": settings.DEBUG,
}))
"""
    environment_script = (
        "import os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'portal.settings')"
    )
    result = run_under_production("-c", f"{environment_script}\n{script}")
    assert result.returncode == 0, result.stderr
    facts = json.loads(result.stdout.strip().splitlines()[-1])
    assert facts["status"] == 200
    assert "max-age=31536000" in facts["hsts"] and "includeSubDomains" in facts["hsts"]
    assert facts["insecure_status"] == 301
    assert facts["insecure_location"].startswith("https://")
    assert facts["session_secure"] and facts["csrf_secure"]
    assert facts["debug"] is False


@pytest.mark.database_independent
def test_production_refuses_to_start_without_a_secret_key(monkeypatch):
    monkeypatch.setitem(PRODUCTION_ENVIRONMENT, "SECRET_KEY", "")
    result = run_under_production("manage.py", "check")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.database_independent
def test_production_refuses_to_start_with_debug_on(monkeypatch):
    monkeypatch.setitem(PRODUCTION_ENVIRONMENT, "DEBUG", "1")
    result = run_under_production("manage.py", "check")
    assert result.returncode != 0
    assert "ImproperlyConfigured: DEBUG must be off in production" in result.stderr


@pytest.mark.database_independent
def test_production_starts_with_the_page_cache_on_a_shared_redis(monkeypatch):
    monkeypatch.setitem(PRODUCTION_ENVIRONMENT, "REDIS_URL", "redis://127.0.0.1:6379/15")
    monkeypatch.setitem(PRODUCTION_ENVIRONMENT, "PAGE_CACHE_SECONDS", "600")
    result = run_under_production("manage.py", "check", "--deploy", "--fail-level", "DEBUG")
    assert result.returncode == 0, result.stdout + result.stderr


def caches_with(backend):
    return {"default": {"BACKEND": backend, "LOCATION": "anywhere"}}


@pytest.mark.parametrize(
    "backend",
    [
        "django.core.cache.backends.locmem.LocMemCache",
        "django.core.cache.backends.dummy.DummyCache",
    ],
)
def test_production_refuses_a_page_cache_that_each_process_keeps_to_itself(backend):
    with pytest.raises(ImproperlyConfigured, match="PAGE_CACHE_SECONDS is 600 but"):
        refuse_unsafe_production_settings(
            debug=False, page_cache_seconds=600, caches=caches_with(backend)
        )


@pytest.mark.parametrize(
    "backend",
    [
        "shared.cache.SharedClientRedisCache",
        "django.core.cache.backends.redis.RedisCache",
        "django.core.cache.backends.filebased.FileBasedCache",
        "django.core.cache.backends.db.DatabaseCache",
    ],
)
def test_production_accepts_a_page_cache_shared_between_processes(backend):
    refuse_unsafe_production_settings(
        debug=False, page_cache_seconds=600, caches=caches_with(backend)
    )


def test_production_accepts_any_cache_with_the_page_cache_off():
    local = caches_with("django.core.cache.backends.locmem.LocMemCache")
    refuse_unsafe_production_settings(debug=False, page_cache_seconds=0, caches=local)


def test_a_cache_backend_that_cannot_be_imported_is_refused():
    with pytest.raises(ImproperlyConfigured, match="cannot be imported"):
        refuse_unsafe_production_settings(
            debug=False, page_cache_seconds=600, caches=caches_with("no.such.Cache")
        )


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style\b|\sstyle\s*=", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)


def project_templates():
    base = Path(settings.BASE_DIR)
    for folder in [base / "templates", *base.glob("*/templates")]:
        if ".venv" in folder.parts:
            continue
        yield from folder.rglob("*.html")


def test_templates_have_no_inline_scripts_styles_or_event_handlers():
    offenders = []
    for template in project_templates():
        text = template.read_text(encoding="utf-8")
        for pattern in (INLINE_SCRIPT, INLINE_STYLE, EVENT_HANDLER):
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                offenders.append(f"{template}:{line}: {match.group(0).strip()}")
    assert not offenders, "\n".join(offenders)
