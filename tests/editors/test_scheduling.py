"""Scheduling never takes a page down: a live page keeps its live text until the time of a
scheduled change, a draft with a time goes live then, and expiry takes a page off on time.
All without a cron job: the first request after the time applies what is due."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from guidance.models import GuidancePage, ScheduledChange
from guidance.visibility import remember_next_publication

from .conftest import post_change

pytestmark = pytest.mark.django_db


def at(minutes):
    moment = timezone.localtime(timezone.now() + datetime.timedelta(minutes=minutes))
    return {
        "publish_at_0": moment.strftime("%Y-%m-%d"),
        "publish_at_1": moment.strftime("%H:%M:%S"),
    }


def time_passes(change_or_page_id):
    """Move the scheduled time into the past, as the clock would, and tell the cache."""
    ScheduledChange.objects.filter(pk=change_or_page_id).update(
        go_live_at=timezone.now() - datetime.timedelta(seconds=1)
    )


def test_scheduling_a_change_to_a_live_page_keeps_the_live_text_public_until_the_time(
    editor_client, client, small_tree
):
    page = small_tree["hacking"]
    response = post_change(
        editor_client, page, body_markdown="The new law applies from next week.", **at(60)
    )
    assert response.status_code == 302

    public = client.get(page.get_absolute_url())
    assert public.status_code == 200
    assert "The new law applies" not in public.content.decode()
    assert "Opening." in public.content.decode()
    change = ScheduledChange.objects.get(page=page)
    assert change.body_markdown == "The new law applies from next week."

    time_passes(change.pk)
    remember_next_publication()  # what the first request after the time does

    public = client.get(page.get_absolute_url())
    assert "The new law applies from next week." in public.content.decode()
    assert not ScheduledChange.objects.exists()
    comments = [v.revision.get_comment() for v in Version.objects.get_for_object(page)]
    assert any(c.startswith("Scheduled change went live at") for c in comments)


def test_a_request_after_the_time_applies_the_change_without_any_job(
    editor_client, client, small_tree
):
    page = small_tree["hacking"]
    post_change(editor_client, page, body_markdown="Replaced on time.", **at(60))
    change = ScheduledChange.objects.get(page=page)
    assert client.get(page.get_absolute_url()).status_code == 200  # stores the next time

    time_passes(change.pk)
    from django.core.cache import cache

    from guidance.visibility import next_publication_key

    cache.set(next_publication_key(), timezone.now() - datetime.timedelta(seconds=1))

    assert "Replaced on time." in client.get(page.get_absolute_url()).content.decode()


def test_the_save_message_says_exactly_what_will_happen_and_when(editor_client, small_tree):
    page = small_tree["hacking"]
    response = post_change(editor_client, page, body_markdown="Later.", **at(60))
    messages = editor_client.get(response["Location"]).content.decode()
    assert "The live version stays on the site until" in messages
    assert "then your changes replace it" in messages


def test_a_draft_with_a_publishing_time_goes_live_at_that_time(
    editor_client, client, make_page, small_tree
):
    draft = make_page("Romance fraud", parent=small_tree["root"], status=GuidancePage.Status.DRAFT)
    response = post_change(editor_client, draft, **at(30))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == GuidancePage.Status.PUBLISHED and draft.is_scheduled
    assert client.get(draft.get_absolute_url()).status_code == 404

    GuidancePage.objects.filter(pk=draft.pk).update(
        publish_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_a_page_with_an_unpublish_time_leaves_the_site_then_and_becomes_a_draft(
    editor_client, client, small_tree
):
    page = small_tree["introduction"]
    moment = timezone.localtime(timezone.now() + datetime.timedelta(minutes=5))
    post_change(
        editor_client,
        page,
        unpublish_at_0=moment.strftime("%Y-%m-%d"),
        unpublish_at_1=moment.strftime("%H:%M:%S"),
    )
    assert client.get(page.get_absolute_url()).status_code == 200

    GuidancePage.objects.filter(pk=page.pk).update(
        unpublish_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    remember_next_publication()

    page.refresh_from_db()
    assert page.status == GuidancePage.Status.DRAFT
    assert client.get(page.get_absolute_url()).status_code == 404


def test_cancelling_a_scheduled_change_is_one_click_and_the_live_text_stays(
    editor_client, client, small_tree
):
    page = small_tree["hacking"]
    post_change(editor_client, page, body_markdown="Never mind.", **at(60))
    change_form = editor_client.get(reverse("admin:guidance_guidancepage_change", args=[page.pk]))
    assert "Cancel the schedule" in change_form.content.decode()

    response = editor_client.post(
        reverse("admin:guidance_guidancepage_cancel_schedule", args=[page.pk])
    )

    assert response.status_code == 302
    assert not ScheduledChange.objects.exists()
    assert "Opening." in client.get(page.get_absolute_url()).content.decode()


def test_the_page_list_says_what_is_scheduled_and_when(editor_client, small_tree, make_page):
    post_change(editor_client, small_tree["hacking"], body_markdown="Later.", **at(60))
    draft = make_page("Sextortion", status=GuidancePage.Status.DRAFT)
    html = editor_client.get(reverse("admin:guidance_guidancepage_changelist")).content.decode()
    assert "Live, change scheduled" in html
    assert "The live text is replaced at" in html
    assert "Draft" in html and str(draft) in html


def test_an_unpublish_time_before_the_publishing_time_is_refused(editor_client, small_tree):
    page = small_tree["hacking"]
    soon = timezone.localtime(timezone.now() + datetime.timedelta(minutes=5))
    response = post_change(
        editor_client,
        page,
        **at(60),
        unpublish_at_0=soon.strftime("%Y-%m-%d"),
        unpublish_at_1=soon.strftime("%H:%M:%S"),
    )
    assert response.status_code == 200
    assert "Choose a time after the publishing time." in response.content.decode()


def test_two_databases_sharing_one_cache_each_know_their_own_next_publishing_time(
    small_tree, monkeypatch
):
    """Two sites (or test workers) on one Redis: each keeps the time its next scheduled page
    goes live under its database's name. Another site with nothing scheduled must not make
    this one forget its page, or what it caches would outlive the page's time."""
    from django.db import connection

    from guidance.visibility import seconds_until_next_publication

    page = GuidancePage.objects.filter(pk=small_tree["hacking"].pk)
    page.update(publish_at=timezone.now() + datetime.timedelta(hours=1))  # no save announces it
    remember_next_publication()
    assert 3500 < seconds_until_next_publication() <= 3600
    with monkeypatch.context() as another_site:
        another_site.setitem(connection.settings_dict, "NAME", "another_site")
        with_its_time = page.values_list("publish_at", flat=True).get()
        page.update(publish_at=None)  # the other site has nothing scheduled
        remember_next_publication()
        assert seconds_until_next_publication() is None
        page.update(publish_at=with_its_time)
    assert 3500 < seconds_until_next_publication() <= 3600
