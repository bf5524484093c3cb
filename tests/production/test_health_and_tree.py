"""Operating the portal: /healthz, check_tree, and the tree lock."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from guidance.models import GuidancePage

pytestmark = pytest.mark.django_db


def test_healthz_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.text == "ok\n"
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_healthz_answers_503_without_details_when_the_cache_is_down(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.text == "unavailable\n"


def test_healthz_answers_503_when_the_database_is_down(client, monkeypatch):
    from health import views

    def broken():
        raise OSError("connection refused")

    monkeypatch.setattr(views, "database_answers", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert "connection" not in response.text


def test_check_tree_passes_on_a_sound_tree(small_tree):
    out = StringIO()
    call_command("check_tree", stdout=out)
    assert "consistent" in out.getvalue()


def test_check_tree_finds_corruption_and_rebuild_repairs_it(small_tree):
    GuidancePage.objects.filter(pk=small_tree["hacking"].pk).update(lft=40, path="wrong")
    with pytest.raises(CommandError, match="inconsistent"):
        call_command("check_tree", stdout=StringIO())
    out = StringIO()
    call_command("check_tree", "--rebuild", stdout=out)
    assert "consistent" in out.getvalue()
    hacking = GuidancePage.objects.get(pk=small_tree["hacking"].pk)
    assert hacking.path == "guidance/cyber-dependent-crimes/hacking"


def test_saving_a_page_loaded_before_other_changes_keeps_the_tree_sound(small_tree, make_page):
    """An editor's form holds old tree numbers while another editor adds pages."""
    stale_hacking = GuidancePage.objects.get(pk=small_tree["hacking"].pk)
    for number in range(5):
        make_page(f"New {number}", parent=small_tree["introduction"], sibling_order=number)
    stale_hacking.title = "Hacking and unauthorised access"
    stale_hacking.save()
    stale_target = GuidancePage.objects.get(pk=small_tree["introduction"].pk)
    make_page("Another", parent=small_tree["root"], sibling_order=9)
    GuidancePage.objects.get(pk=small_tree["dependent"].pk).move_to(stale_target, "last-child")
    call_command("check_tree", stdout=StringIO())
