"""Stored feedback is kept for twelve months, then `purge_feedback` deletes it."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from feedback.models import Feedback, retention_cutoff

pytestmark = pytest.mark.django_db


def feedback_sent(at, useful=True):
    feedback = Feedback.objects.create(page_path="/advice/", useful=useful)
    Feedback.objects.filter(pk=feedback.pk).update(created_at=at)  # auto_now_add ignores it
    return feedback


def purge(*arguments):
    output = StringIO()
    call_command("purge_feedback", *arguments, stdout=output)
    return output.getvalue()


def test_purge_deletes_only_feedback_older_than_twelve_months():
    now = timezone.now()
    too_old = feedback_sent(now - datetime.timedelta(days=366))
    just_old_enough = feedback_sent(retention_cutoff(now) - datetime.timedelta(minutes=1))
    just_kept = feedback_sent(retention_cutoff(now) + datetime.timedelta(minutes=1))
    recent = feedback_sent(now - datetime.timedelta(days=3), useful=False)
    assert "Deleted 2 feedback answers" in purge()
    remaining = set(Feedback.objects.values_list("pk", flat=True))
    assert remaining == {just_kept.pk, recent.pk}
    assert too_old.pk not in remaining and just_old_enough.pk not in remaining


def test_purge_is_safe_to_run_again_and_again():
    feedback_sent(timezone.now() - datetime.timedelta(days=400))
    feedback_sent(timezone.now())
    purge()
    assert "Deleted 0 feedback answers" in purge()
    assert Feedback.objects.count() == 1


def test_a_dry_run_counts_and_deletes_nothing():
    feedback_sent(timezone.now() - datetime.timedelta(days=400))
    assert "1 feedback answers are past 12 months" in purge("--dry-run")
    assert Feedback.objects.count() == 1


def test_purge_deletes_more_than_one_batch(monkeypatch):
    old = timezone.now() - datetime.timedelta(days=500)
    Feedback.objects.bulk_create([Feedback(page_path="/", useful=True) for _ in range(25)])
    Feedback.objects.update(created_at=old)
    monkeypatch.setattr("feedback.management.commands.purge_feedback.BATCH_SIZE", 10)
    assert "Deleted 25 feedback answers" in purge()
    assert not Feedback.objects.exists()


@pytest.mark.parametrize(
    ("now", "cutoff"),
    [
        (datetime.datetime(2026, 11, 30, 9, 0, tzinfo=datetime.UTC), "2025-11-30 09:00"),
        (datetime.datetime(2028, 2, 29, 9, 0, tzinfo=datetime.UTC), "2027-02-28 09:00"),
        (datetime.datetime(2026, 1, 15, 0, 0, tzinfo=datetime.UTC), "2025-01-15 00:00"),
    ],
)
def test_the_limit_is_twelve_calendar_months(now, cutoff):
    assert f"{retention_cutoff(now):%Y-%m-%d %H:%M}" == cutoff
