"""Approval before legal guidance goes live.

In the sections listed in ``settings.APPROVAL_SECTIONS`` an editor's change to a live page,
or a request to publish a draft, becomes a ``ChangeRequest``: the public keeps seeing the
last approved version. An approver (permission ``guidance.publish_guidancepage``, the
Approvers group) approves it (it goes live, or is scheduled if it carries a future time)
or rejects it with a comment. Restoring an earlier version goes through the same flow.
Editors publish pages of the other sections themselves, and approvers publish anywhere.
"""

from dataclasses import dataclass

import reversion
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import ChangeRequest, GuidancePage, ScheduledChange
from .scheduling import SCHEDULED_FIELDS, local

PUBLISH_PERMISSION = "guidance.publish_guidancepage"


def section_of(page):
    if page.parent_id is not None:
        parent_path = page.parent.path if page.parent else ""
        return parent_path.split("/")[0]
    return page.slug


def may_publish(user, page):
    return section_of(page) not in settings.APPROVAL_SECTIONS or user.has_perm(PUBLISH_PERMISSION)


def is_approver(user):
    return user.has_perm(PUBLISH_PERMISSION)


@dataclass
class Submission:
    """What an editor's save became: the sentence to show, and the request to record."""

    sentence: str
    fields: dict
    make_live: bool
    publish_at: object
    note: str
    publish_note: bool

    def record(self, page, user):
        return submit(
            page, user, self.fields, self.make_live, self.publish_at, self.note, self.publish_note
        )


def hold_for_approval(page, user, note="", publish_note=False):
    """Before an admin save by someone who may not publish this page: keep the public version.

    Returns a Submission to record once the page is saved, or None when the save changes
    nothing the public sees (a draft kept as a draft, a review date).
    """
    if may_publish(user, page):
        return None
    stored = GuidancePage.objects.filter(pk=page.pk).first() if page.pk else None
    wanted = {name: getattr(page, name) for name in SCHEDULED_FIELDS}
    publish_at = page.publish_at if page.publish_at and page.publish_at > timezone.now() else None
    if stored is not None and stored.is_published:
        if all(getattr(stored, name) == value for name, value in wanted.items()) and not (
            publish_at
        ):
            page.status = GuidancePage.Status.PUBLISHED  # unpublishing needs an approver too
            return None
        for name in SCHEDULED_FIELDS:
            setattr(page, name, getattr(stored, name))
        page.status = GuidancePage.Status.PUBLISHED
        page.publish_at = stored.publish_at
        sentence = (
            "Submitted for approval. The public keeps seeing the approved version until an "
            "approver approves your change."
        )
        return Submission(sentence, wanted, False, publish_at, note, publish_note)
    if page.status != GuidancePage.Status.PUBLISHED:
        return None
    page.status = GuidancePage.Status.DRAFT
    page.publish_at = None
    sentence = (
        "Saved as a draft and submitted for approval: it goes live when an approver approves it."
    )
    if publish_at:
        sentence += f" You asked for it to go live at {local(publish_at)}."
    return Submission(sentence, wanted, True, publish_at, note, publish_note)


def submit(page, user, fields, make_live, publish_at=None, note="", publish_note=False):
    """Record a change for approval; a newer submission replaces the page's pending one."""
    with transaction.atomic():
        ChangeRequest.objects.filter(page=page, state=ChangeRequest.State.PENDING).delete()
        return ChangeRequest.objects.create(
            page=page,
            make_live=make_live,
            publish_at=publish_at,
            note=note[:1000],
            publish_note=publish_note,
            submitted_by=user if getattr(user, "pk", None) else None,
            **fields,
        )


def approve(change, approver, comment=""):
    """Apply an approved change as a new revision (or schedule it). Returns a sentence."""
    now = timezone.now()
    with transaction.atomic(), reversion.create_revision():
        change = ChangeRequest.objects.select_for_update().get(pk=change.pk)
        if change.state != ChangeRequest.State.PENDING:
            return "This change was already decided."
        page = GuidancePage.objects.select_for_update().get(pk=change.page_id)
        fields = {name: getattr(change, name) for name in SCHEDULED_FIELDS}
        when = change.publish_at if change.publish_at and change.publish_at > now else None
        if when and page.is_published:
            ScheduledChange.objects.update_or_create(
                page=page,
                defaults={
                    "go_live_at": when,
                    **fields,
                    "note": change.note,
                    "publish_note": change.publish_note,
                    "editor": change.submitted_by,
                },
            )
            sentence = f"Approved: the change replaces the live text at {local(when)}."
        else:
            for name, value in fields.items():
                setattr(page, name, value)
            if change.make_live:
                page.status = GuidancePage.Status.PUBLISHED
                page.publish_at = when
            if change.note and change.publish_note and not when:
                page.add_public_update(change.note)
            page.save()
            sentence = (
                f"Approved: the page goes live at {local(when)}."
                if when
                else "Approved: the change is live."
            )
        change.state = ChangeRequest.State.APPROVED
        change.decided_by = approver
        change.decided_at = now
        change.comment = comment[:5000]
        change.save()
        submitter = change.submitted_by.get_username() if change.submitted_by else "an editor"
        reversion.set_user(approver)
        reversion.set_comment(
            f"Approved {submitter}'s change"
            + (f" ({change.note})" if change.note else "")
            + (f": {comment}" if comment else ".")
        )
    from .visibility import remember_next_publication

    remember_next_publication()
    return sentence


def reject(change, approver, comment):
    ChangeRequest.objects.filter(pk=change.pk, state=ChangeRequest.State.PENDING).update(
        state=ChangeRequest.State.REJECTED,
        decided_by=approver,
        decided_at=timezone.now(),
        comment=comment[:5000],
    )
