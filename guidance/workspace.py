"""The admin home page: what needs an editor now, in a handful of queries."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.utils import timezone
from reversion.models import Version

from provenance.models import RefusedImport

from .admin import REVIEW_NOTICE_DAYS
from .approval import is_approver
from .models import ChangeRequest, GuidancePage, RefusedEdit, ScheduledChange

SHOWN = 10
RECENT_DAYS = 30


def what_needs_an_editor(user):
    if not user.has_perm("guidance.view_guidancepage"):
        return {}
    today = timezone.localdate()
    now = timezone.now()
    recent = now - datetime.timedelta(days=RECENT_DAYS)
    return {
        **approval_panel(user, now),
        "refused_edits": list(
            RefusedEdit.objects.select_related("page", "editor").filter(submitted_at__gte=recent)[
                :SHOWN
            ]
        ),
        "import_conflicts": import_conflicts(user, recent),
        "recent_days": RECENT_DAYS,
        "scheduled_changes": list(ScheduledChange.objects.select_related("page", "editor")[:SHOWN]),
        "scheduled_pages": list(
            GuidancePage.objects.filter(
                Q(status=GuidancePage.Status.PUBLISHED)
                & (Q(publish_at__gt=now) | Q(unpublish_at__isnull=False))
            )
            .only("id", "title", "publish_at", "unpublish_at", "status")
            .order_by("publish_at")[:SHOWN]
        ),
        "review_due": list(
            GuidancePage.objects.filter(
                review_by__lte=today + datetime.timedelta(days=REVIEW_NOTICE_DAYS)
            )
            .only("id", "title", "review_by")
            .order_by("review_by")[:SHOWN]
        ),
        "today": today,
        "latest_changes": latest_page_changes(),
        "most_no_answers": pages_with_most_no_answers(now),
    }


def approval_panel(user, now):
    """Approvers see every change waiting for them; editors, their own and the rejected."""
    pending = ChangeRequest.objects.filter(state=ChangeRequest.State.PENDING).select_related(
        "page", "submitted_by"
    )
    if not is_approver(user):
        pending = pending.filter(submitted_by=user)
    rejected = ChangeRequest.objects.filter(
        state=ChangeRequest.State.REJECTED,
        submitted_by=user,
        decided_at__gte=now - datetime.timedelta(days=30),
    ).select_related("page", "decided_by")
    return {
        "awaiting_approval": list(pending[:SHOWN]),
        "rejected_changes": list(rejected[:SHOWN]),
        "is_approver": is_approver(user),
    }


def import_conflicts(user, since):
    """File versions an import kept aside because an editor had changed the item too (any
    content: pages, news, offences...), newest first. Until someone settles them, the next
    export would overwrite the file's version."""
    if not user.has_perm("provenance.view_refusedimport"):
        return []
    return list(
        RefusedImport.objects.filter(refused_at__gte=since)
        .select_related("content_type", "admin_changed_by")
        .only(
            "pk", "source", "refused_at", "content_type__app_label", "content_type__model",
            "admin_changed_by__username", "admin_changed_at",
        )[:SHOWN]
    )  # fmt: skip


def latest_page_changes():
    """The latest revisions of any page: which page, who, when, the note, a diff link."""
    content_type = ContentType.objects.get_for_model(GuidancePage)
    versions = list(
        Version.objects.filter(content_type=content_type)
        .select_related("revision__user")
        .order_by("-pk")[:SHOWN]
    )
    page_ids = {int(v.object_id) for v in versions if v.object_id.isdigit()}
    titles = dict(GuidancePage.objects.filter(pk__in=page_ids).values_list("pk", "title"))
    previous = {}
    for version in versions:
        earlier = (
            Version.objects.filter(
                content_type=content_type, object_id=version.object_id, pk__lt=version.pk
            )
            .order_by("-pk")
            .values_list("pk", flat=True)
            .first()
        )
        previous[version.pk] = earlier
    return [
        {
            "version": version,
            "page_id": int(version.object_id),
            "title": titles.get(int(version.object_id), version.object_repr),
            "previous_id": previous[version.pk],
        }
        for version in versions
        if version.object_id.isdigit()
    ]


def pages_with_most_no_answers(now):
    from feedback.models import Feedback

    month_start = timezone.localtime(now).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    return list(
        Feedback.objects.filter(created_at__gte=month_start, useful=False)
        .values("page_path")
        .annotate(no_answers=Count("pk"))
        .order_by("-no_answers", "page_path")[:SHOWN]
    )
