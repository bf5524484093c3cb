"""What the admin adds to a plain model form: link checks, stale-edit refusal, diffs."""

import difflib
import html
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.urls import Resolver404, resolve
from django.utils import timezone
from reversion.models import Version

from .collisions import OVERWRITE_FIELD, SIDE_BY_SIDE_FIELDS, Collision, compare_versions
from .models import GuidancePage, PageRedirect, RefusedEdit
from .rendering import render_markdown

HREF_RE = re.compile(r'href="([^"]*)"')

# What an editor can bring back from a revision. Where a page sits (parent, order),
# its address and its publishing state stay as they are, so a restore never moves,
# hides or publishes a page by surprise.
RESTORED_FIELDS = ("title", "summary", "body_markdown")
COMPARED_FIELDS = ("title", "slug", "summary", "status", "publish_at", "review_by", "body_markdown")


def broken_internal_links(body_markdown):
    """The internal links of a body that lead nowhere, in the order they appear."""
    broken = []
    for href in HREF_RE.findall(render_markdown(body_markdown).html):
        href = html.unescape(href)
        if not href.startswith("/") or href.startswith("//") or href in broken:
            continue
        path = urlsplit(href).path
        if path.startswith(settings.STATIC_URL):
            continue
        if not _leads_somewhere(path):
            broken.append(href)
    return broken


def _leads_somewhere(path):
    try:
        match = resolve(path if path.endswith("/") else f"{path}/")
    except Resolver404:
        return False
    if match.view_name != "guidance:page":
        return True
    page_path = match.kwargs["path"].strip("/")
    return (
        GuidancePage.objects.filter(path=page_path).exists()
        or PageRedirect.objects.filter(old_path=page_path).exists()
    )


class GuidancePageForm(forms.ModelForm):
    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    change_note = forms.CharField(
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="What changed and why, in a sentence. Kept in the page's history.",
    )
    publish_change_note = forms.BooleanField(
        required=False,
        label="Show this note to the public",
        help_text="Adds it to the page's “Show all updates” list and “Last updated” date. "
        "Use it for changes that matter to readers, not for typos.",
    )

    class Meta:
        model = GuidancePage
        fields = (
            "title", "slug", "parent", "sibling_order", "summary", "body_markdown", "status",
            "publish_at", "unpublish_at", "review_by",
        )  # fmt: skip
        labels = {
            "body_markdown": "Body",
            "sibling_order": "Position among its siblings",
            "slug": "Address (slug)",
        }
        widgets = {"summary": forms.Textarea(attrs={"rows": 3, "maxlength": 300})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["opened_version"].initial = self.instance.edit_version
        elif "sibling_order" in self.fields:
            self.fields["sibling_order"].help_text = "Leave 0 to put the new page last."

    def clean_body_markdown(self):
        body = self.cleaned_data.get("body_markdown", "")
        broken = broken_internal_links(body)
        if broken:
            raise forms.ValidationError(
                [f"The link {href} leads to no page. Check its address." for href in broken]
            )
        return body

    def clean(self):
        cleaned = super().clean()
        publish_at, unpublish_at = cleaned.get("publish_at"), cleaned.get("unpublish_at")
        if unpublish_at and publish_at and unpublish_at <= publish_at:
            self.add_error("unpublish_at", "Choose a time after the publishing time.")
        if cleaned.get("publish_change_note") and not cleaned.get("change_note", "").strip():
            self.add_error("change_note", "Write the note the public will see.")
        if self.instance.pk and not self.errors:
            self._refuse_stale_edit(cleaned)
        return cleaned

    def _refuse_stale_edit(self, cleaned):
        """Refuse a save over a version the editor never saw, keeping their text."""
        saved_version = (
            GuidancePage.objects.select_for_update()
            .filter(pk=self.instance.pk)
            .values_list("edit_version", flat=True)
            .first()
        )
        opened = cleaned.get("opened_version")
        if saved_version is None or opened == saved_version:
            return
        if str(self.data.get(OVERWRITE_FIELD, ""))[:12] == str(saved_version):
            self.overwrote_newer_version = True  # the explicit, clearly labelled button
            return
        refused = RefusedEdit.objects.create(
            page_id=self.instance.pk,
            editor=getattr(self, "editor", None),
            opened_version=opened or 0,
            saved_version=saved_version,
            title=cleaned.get("title", "")[:200],
            summary=cleaned.get("summary", "")[:300],
            body_markdown=cleaned.get("body_markdown", ""),
        )
        latest = last_revision(self.instance)
        who = "Someone else"
        when = ""
        if latest is not None:
            who = latest.revision.user.get_username() if latest.revision.user else "An import"
            when = " at " + timezone.localtime(latest.revision.date_created).strftime(
                "%H:%M on %d %B %Y"
            )
        saved = GuidancePage.objects.get(pk=self.instance.pk)
        self.collision = Collision(
            who=who,
            when=when,
            saved_version=saved_version,
            refused_edit_id=refused.pk,
            fields=compare_versions(
                self,
                {name: getattr(saved, name) for name in SIDE_BY_SIDE_FIELDS},
                cleaned,
            ),
        )
        raise forms.ValidationError(
            f"Not saved: {who} changed this page{when}, after you opened it.", code="stale"
        )


def revisions_of(page):
    """The page's revisions with their editors (oldest first by primary key)."""
    return Version.objects.get_for_object(page).select_related("revision__user")


def last_revision(page):
    return revisions_of(page).order_by("-pk").first()


@dataclass
class DiffLine:
    change: str  # "equal", "added" or "removed"
    text: str


@dataclass
class FieldDiff:
    label: str
    lines: list[DiffLine]

    @property
    def changed(self):
        return any(line.change != "equal" for line in self.lines)


def diff_texts(old, new):
    old_lines = str(old or "").splitlines()
    new_lines = str(new or "").splitlines()
    lines = []
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            lines.extend(DiffLine("equal", text) for text in old_lines[i1:i2])
            continue
        lines.extend(DiffLine("removed", text) for text in old_lines[i1:i2])
        lines.extend(DiffLine("added", text) for text in new_lines[j1:j2])
    return lines


def diff_field_dicts(old, new):
    """Field-by-field differences between two versions of a page (dicts of field values)."""
    diffs = []
    for name in COMPARED_FIELDS:
        label = GuidancePage._meta.get_field(name).verbose_name.capitalize()
        diffs.append(FieldDiff(label, diff_texts(old.get(name), new.get(name))))
    return diffs


def current_field_dict(page):
    return {name: getattr(page, name) for name in COMPARED_FIELDS}
