"""Every public page type is valid HTML by the Nu HTML Checker (vnu.jar)."""

import pytest

from .pages import NOT_FOUND_URL, PUBLIC_PAGES, pages_split_by_database

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "pages", pages_split_by_database([*PUBLIC_PAGES, ("page not found", NOT_FOUND_URL)])
)
def test_every_public_page_is_valid_html(client, shipped_content, vnu, tmp_path, pages):
    documents = []
    for name, url in pages:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        documents.append((f"{name} {url}", response.text))
    errors = vnu(documents, tmp_path)
    assert not errors, "\n".join(f"{page} line {line}: {message}" for page, line, message in errors)


@pytest.mark.database_independent
def test_the_sign_in_lockout_page_is_valid_html(client, settings, vnu, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    form = {"username": "nobody", "password": "wrong", "next": "/admin/"}
    for _ in range(settings.SIGN_IN_LOCKOUTS[0][1]):
        locked = client.post("/admin/login/?next=/admin/", form)
    assert locked.status_code == 429
    errors = vnu([("sign-in lockout", locked.text)], tmp_path)
    assert not errors, "\n".join(f"line {line}: {message}" for _, line, message in errors)


@pytest.mark.database_independent
def test_the_checker_really_reports_invalid_html(vnu, tmp_path):
    """Guards the gate itself: a broken document must fail."""
    broken = "<!DOCTYPE html><html lang=en><title>x</title><p><div></span>"
    assert vnu([("broken", broken)], tmp_path)
