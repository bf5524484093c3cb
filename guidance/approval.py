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
    stored = GuidancePage.objects.filter(pk=page.pk).first() if page.pk else None
    # A move out of a section that needs approval needs it as much as a move into one.
    if may_publish(user, page) and (stored is None or may_publish(user, stored)):
        return None
    wanted = {name: getattr(page, name) for name in SCHEDULED_FIELDS}
    publish_at = page.publish_at if page.publish_at and page.publish_at > timezone.now() else None
    if stored is not None and stored.is_published:
        wanted.update(held_address_change(page, stored))
        unchanged = all(getattr(stored, name) == wanted[name] for name in SCHEDULED_FIELDS)
        if unchanged and not publish_at and not wanted["slug"] and not wanted["move_position"]:
            page.status = GuidancePage.Status.PUBLISHED  # unpublishing needs an approver too
            return None
        for name in SCHEDULED_FIELDS:
            setattr(page, name, getattr(stored, name))
        # The public keeps the page where it is, at its address, until the approval.
        page.slug, page.parent_id = stored.slug, stored.parent_id
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


class NotApproved(Exception):
    """An approval that cannot be applied as it stands (its address is taken since)."""


def pending_change(page):
    return page.change_requests.filter(state=ChangeRequest.State.PENDING).first()


def held_address_change(page, stored):
    """The new slug and place a form asks for, as fields of a ChangeRequest.

    A form shows an editor the move already waiting (ApprovalAdminMixin.get_object), so a
    save that keeps that parent keeps its position too.
    """
    fields = {"slug": page.slug if page.slug != stored.slug else ""}
    fields.update(move_position="", move_into=None, move_after=None)
    if page.parent_id != stored.parent_id:
        pending = pending_change(stored)
        if pending is not None and pending.moves and pending.move_into_id == page.parent_id:
            fields.update(
                move_position=pending.move_position,
                move_into=pending.move_into,
                move_after=pending.move_after,
            )
        else:
            fields.update(move_position="last", move_into=page.parent)
    return fields


def hold_move_for_approval(page, user, parent, after):
    """A move of a live page by someone who may not publish it (in its section, or in the
    one it would go to): a ChangeRequest that keeps the change already waiting, if any.

    Returns the sentence to show, or None when the move may happen now.
    """
    destination = GuidancePage(parent=parent, slug=page.slug)
    if not page.is_published or (may_publish(user, page) and may_publish(user, destination)):
        return None
    if parent is None:
        return "Not moved: only an approver can move a live page to the top level."
    pending = pending_change(page)
    source = pending or page
    fields = {name: getattr(source, name) for name in SCHEDULED_FIELDS}
    fields["slug"] = pending.slug if pending else ""
    position = after if after in ("first", "last") else "after"
    fields.update(
        move_position=position,
        move_into=parent,
        move_after=after if position == "after" else None,
    )
    submit(
        page,
        user,
        fields,
        pending.make_live if pending else False,
        pending.publish_at if pending else None,
        pending.note if pending else "",
        pending.publish_note if pending else False,
    )
    return (
        "The move is submitted for approval: the page stays where it is, at its address, "
        "until an approver approves it."
    )


def inline_rows(formsets):
    """What the changed inline formsets of a page's form ask for, as ChangeRequest.inline_rows
    (every row the inline should hold afterwards, by model)."""
    wanted = {}
    for formset in formsets:
        if not formset.has_changed():
            continue
        deleted = {id(form) for form in formset.deleted_forms}
        fk = formset.fk
        rows = []
        for form in formset.forms:
            if id(form) in deleted or (form.instance.pk is None and not form.has_changed()):
                continue
            row = {
                field.attname: field.value_from_object(form.instance)
                for field in formset.model._meta.concrete_fields
                if not field.primary_key and field.name != fk.name
            }
            rows.append({"pk": form.instance.pk, **row})
        wanted[formset.model._meta.label] = {"fk": fk.name, "rows": rows}
    return wanted


def hold_inline_changes(page, user, formsets, note=""):
    """After an admin save: tag and pin changes to a live page that needs approval join the
    change waiting (or start one). Returns the models whose rows were held, or None when
    the formsets may be saved now."""
    if not page.is_published or may_publish(user, page):
        return None
    wanted = inline_rows(formsets)
    if not wanted:
        return None
    pending = pending_change(page)
    if pending is not None:
        pending.inline_rows = {**pending.inline_rows, **wanted}
        pending.save(update_fields=["inline_rows"])
    else:
        fields = {name: getattr(page, name) for name in SCHEDULED_FIELDS}
        submit(page, user, {**fields, "inline_rows": wanted}, False, note=note)
    return set(wanted)


def apply_inline_rows(page, wanted_by_model):
    """Make each inline hold the rows an approved change asks for: rows kept by id, others
    deleted, new ones created; a row whose chosen item was deleted since is left out."""
    from django.apps import apps

    for label, wanted in wanted_by_model.items():
        model = apps.get_model(label)
        fk = model._meta.get_field(wanted["fk"]).attname
        existing = {row.pk: row for row in model.objects.filter(**{fk: page.pk})}
        kept = {row.get("pk") for row in wanted["rows"]}
        for pk, row in existing.items():
            if pk not in kept:
                row.delete()
        relations = [f for f in model._meta.concrete_fields if f.is_relation and f.attname != fk]
        for values in wanted["rows"]:
            values = dict(values)
            instance = existing.get(values.pop("pk", None)) or model(**{fk: page.pk})
            if any(
                not field.related_model.objects.filter(pk=values.get(field.attname)).exists()
                for field in relations
                if values.get(field.attname) is not None
            ):
                continue
            for name, value in values.items():
                setattr(instance, name, value)
            instance.save()


def address_problem(page, parent, slug):
    """Why a page cannot have this address under this parent now, or ""."""
    clash = GuidancePage.objects.filter(parent=parent, slug=slug).exclude(pk=page.pk)
    if clash.exists():
        return f"a page with the address “{slug}” is already there"
    if parent is not None and parent.get_ancestors(include_self=True).filter(pk=page.pk).exists():
        return "a page cannot move under itself"
    return ""


# What a submission keeps from the one it replaces when it does not say: a restore or a new
# wording never drops a move, a new address or tag changes already waiting.
CARRIED_OVER = ("slug", "move_position", "move_into", "move_after", "inline_rows")


def submit(page, user, fields, make_live, publish_at=None, note="", publish_note=False):
    """Record a change for approval; a newer submission replaces the page's pending one."""
    with transaction.atomic():
        previous = pending_change(page)
        if previous is not None:
            carried = {n: getattr(previous, n) for n in CARRIED_OVER if n not in fields}
            fields = {**carried, **fields}
            previous.delete()
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
        page = move_and_rename(page, change)
        apply_inline_rows(page, change.inline_rows)
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


def move_and_rename(page, change):
    """Give the page the address and place an approved change asks for; the old addresses
    become redirects. Returns the page as it now is;
    raises NotApproved when that cannot be done."""
    parent, after = change.move_target if change.moves else (page.parent, None)
    slug = change.slug or page.slug
    if change.moves and change.move_into is None:
        raise NotApproved("the page it was to move into has been deleted")
    problem = address_problem(page, parent, slug) if (change.moves or change.slug) else ""
    if problem:
        raise NotApproved(problem)
    if change.moves:
        GuidancePage.objects.place(page, parent, after)
        page = GuidancePage.objects.get(pk=page.pk)
        reversion.add_to_revision(page)
    if change.slug and change.slug != page.slug:
        page.slug = change.slug
        page.save()
        page = GuidancePage.objects.get(pk=page.pk)
    return page


def reject(change, approver, comment):
    ChangeRequest.objects.filter(pk=change.pk, state=ChangeRequest.State.PENDING).update(
        state=ChangeRequest.State.REJECTED,
        decided_by=approver,
        decided_at=timezone.now(),
        comment=comment[:5000],
    )
