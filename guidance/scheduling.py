"""Scheduling that never takes a page down, without a cron job.

Three kinds of timed event:

- a new or draft page saved with "publish at": it is stored as published with that time and
  the visibility rule (``published()``) hides it until then;
- a live page edited with "publish at": the edit is kept aside as a ``ScheduledChange`` and
  the live text stays public; at the time it replaces the live text, as a new revision;
- "unpublish at": at the time the page becomes a draft again.

The next of these times is kept in the shared cache (``guidance.visibility``), which the
page cache already reads to expire cached pages at that moment. The first request after it
applies whatever is due (``ApplyScheduledChangesMiddleware``), so a page changes within a
request of its time.
"""

import logging
import time
from dataclasses import dataclass

import reversion
from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from .models import GuidancePage, ScheduledChange

SCHEDULED_FIELDS = ("title", "summary", "body_markdown")

logger = logging.getLogger(__name__)


def local(moment):
    return f"{timezone.localtime(moment):%H:%M on %-d %B %Y}"


def next_timed_event(now):
    """The earliest time after now at which something scheduled happens, or None."""
    published = GuidancePage.objects.filter(status=GuidancePage.Status.PUBLISHED)
    times = [
        published.filter(publish_at__gt=now).aggregate(at=Min("publish_at"))["at"],
        published.filter(unpublish_at__isnull=False).aggregate(at=Min("unpublish_at"))["at"],
        ScheduledChange.objects.aggregate(at=Min("go_live_at"))["at"],
    ]
    times = [time for time in times if time is not None]
    return min(times) if times else None


def apply_due_changes(now=None):
    """Apply every scheduled change and expiry whose time has come. Returns how many."""
    now = now or timezone.now()
    applied = 0
    for change_id in ScheduledChange.objects.filter(go_live_at__lte=now).values_list(
        "pk", flat=True
    ):
        applied += _apply_change(change_id, now)
    expired = GuidancePage.objects.filter(
        status=GuidancePage.Status.PUBLISHED, unpublish_at__lte=now
    ).values_list("pk", flat=True)
    for page_id in expired:
        applied += _unpublish(page_id, now)
    return applied


def _apply_change(change_id, now):
    with transaction.atomic(), reversion.create_revision():
        change = (
            ScheduledChange.objects.select_for_update(of=("self",))
            .select_related("editor")
            .filter(pk=change_id, go_live_at__lte=now)
            .first()
        )
        if change is None:  # another request applied it first
            return 0
        page = GuidancePage.objects.select_for_update().get(pk=change.page_id)
        change.delete()  # first, so that the save below finds nothing more to apply
        for name in SCHEDULED_FIELDS:
            setattr(page, name, getattr(change, name))
        page.publish_at = None
        if change.note and change.publish_note:
            page.add_public_update(change.note, at=change.go_live_at)
        page.save()
        reversion.set_user(change.editor)
        reversion.set_comment(
            f"Scheduled change went live at {local(change.go_live_at)}."
            + (f" {change.note}" if change.note else "")
        )
    return 1


def _unpublish(page_id, now):
    with transaction.atomic(), reversion.create_revision():
        page = (
            GuidancePage.objects.select_for_update()
            .filter(pk=page_id, status=GuidancePage.Status.PUBLISHED, unpublish_at__lte=now)
            .first()
        )
        if page is None:
            return 0
        when = page.unpublish_at
        page.status = GuidancePage.Status.DRAFT
        page.unpublish_at = None
        page.save()
        reversion.set_comment(f"Unpublished as scheduled at {local(when)}.")
    return 1


def keep_edit_aside_if_scheduled(page, editor, note="", publish_note=False):
    """Before an admin save: decide what a "publish at" time means for this page.

    Returns a sentence for the editor saying exactly what will happen and when, and whether
    the edit was kept aside. A live page
    with a future time keeps its live text: the edit becomes a ScheduledChange and the
    page is saved with its live text (its other fields, such as the review date, change now).
    A new or draft page with a future time is stored as published, hidden until the time.
    """
    now = timezone.now()
    when = page.publish_at
    if when is None or when <= now:
        page.publish_at = None
        if page.status == GuidancePage.Status.PUBLISHED:
            return _with_expiry(page, "Live now."), False
        return "Saved as a draft: not on the site.", False
    live = GuidancePage.objects.filter(pk=page.pk).first() if page.pk is not None else None
    if live is not None and live.is_published:
        ScheduledChange.objects.update_or_create(
            page=live,
            defaults={
                "go_live_at": when,
                **{name: getattr(page, name) for name in SCHEDULED_FIELDS},
                "note": note[:1000],
                "publish_note": publish_note,
                "editor": editor if getattr(editor, "pk", None) else None,
            },
        )
        for name in SCHEDULED_FIELDS:
            setattr(page, name, getattr(live, name))
        page.publish_at = None
        page.status = GuidancePage.Status.PUBLISHED
        _remember_next_time()
        transaction.on_commit(_remember_next_time, robust=True)
        return _with_expiry(
            page,
            f"The live version stays on the site until {local(when)}; "
            "then your changes replace it.",
        ), True
    page.status = GuidancePage.Status.PUBLISHED
    return _with_expiry(page, f"Scheduled: the page goes live at {local(when)}."), False


def _with_expiry(page, sentence):
    if page.unpublish_at and page.status == GuidancePage.Status.PUBLISHED:
        return f"{sentence} It leaves the site at {local(page.unpublish_at)}."
    return sentence


def _remember_next_time():
    from .visibility import remember_next_publication

    remember_next_publication()


def cancel_schedule(page):
    """Cancel whatever is scheduled for a page. Returns a sentence saying what was cancelled."""
    said = []
    with transaction.atomic(), reversion.create_revision():
        transaction.on_commit(_remember_next_time, robust=True)
        deleted, _ = ScheduledChange.objects.filter(page_id=page.pk).delete()
        if deleted:
            said.append("the scheduled change is discarded and the live text stays as it is")
        fresh = GuidancePage.objects.select_for_update().get(pk=page.pk)
        changed = False
        if fresh.is_scheduled:
            fresh.status = GuidancePage.Status.DRAFT
            fresh.publish_at = None
            changed = True
            said.append("the page will not go live: it is a draft again")
        if fresh.unpublish_at:
            fresh.unpublish_at = None
            changed = True
            said.append("it will stay on the site")
        if changed:
            fresh.save()
        _remember_next_time()
        reversion.set_comment("Cancelled the schedule: " + "; ".join(said) + ".")
    return said


@dataclass
class PublishingState:
    """What the public sees of a page now and what will happen to it, in words."""

    key: str  # draft, scheduled, live, live-change-scheduled
    label: str
    detail: str = ""


def publishing_state(page, scheduled_change=None):
    now = timezone.now()
    expiry = f" Leaves the site at {local(page.unpublish_at)}." if page.unpublish_at else ""
    if page.status == GuidancePage.Status.DRAFT:
        return PublishingState("draft", "Draft", "Not on the site.")
    if page.publish_at and page.publish_at > now:
        return PublishingState(
            "scheduled", "Scheduled", f"Goes live at {local(page.publish_at)}.{expiry}"
        )
    if scheduled_change is not None:
        return PublishingState(
            "live-change-scheduled",
            "Live, change scheduled",
            f"The live text is replaced at {local(scheduled_change.go_live_at)}.{expiry}",
        )
    return PublishingState("live", "Live", expiry.strip())


_next_check = 0.0


def apply_due_changes_when_due():
    """Apply what has become due, looking at most once every ``SCHEDULE_CHECK_SECONDS``.

    Reads the shared cache at most once every ``SCHEDULE_CHECK_SECONDS`` (default 1) per
    process, and never before the next known time, so a page served from the cache still
    costs one cache round trip; the database is asked only once each scheduled time has
    passed (see guidance.visibility.seconds_until_next_publication). A change goes live
    within that second of its time. Called before anything answers from the page cache:
    by the middleware below and by the site's WSGI handler (portal/handler.py).
    """
    global _next_check
    now = time.monotonic()
    if now < _next_check:
        return
    from django.conf import settings

    from .visibility import seconds_until_next_publication

    interval = settings.SCHEDULE_CHECK_SECONDS
    try:
        seconds = seconds_until_next_publication()
    except Exception:  # the cache is down: serve the page, /healthz tells the balancer
        logger.exception("scheduled changes not checked: cache unavailable")
        seconds = None
    _next_check = now + min(interval, seconds if seconds is not None else interval)


class ApplyScheduledChangesMiddleware:
    """Before any view (or the page cache) answers, apply what has become due."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        apply_due_changes_when_due()
        return self.get_response(request)
