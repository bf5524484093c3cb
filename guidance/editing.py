"""What the admin adds to a plain model form: link checks, stale-edit refusal, diffs."""

import difflib
from dataclasses import dataclass

from django import forms
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from reversion.models import Version

from .collisions import OVERWRITE_FIELD, SIDE_BY_SIDE_FIELDS, Collision, compare_versions
from .link_check import LinkCheckedBodyForm, pages_linking_to
from .models import GuidancePage, RefusedEdit

# What an editor can bring back from a revision. Where a page sits (parent, order),
# its address and its publishing state stay as they are, so a restore never moves,
# hides or publishes a page by surprise.
RESTORED_FIELDS = ("title", "summary", "body_markdown")
COMPARED_FIELDS = ("title", "slug", "summary", "status", "publish_at", "review_by", "body_markdown")


# What a page's place in the tree needs of every other page; not its body (or bodies, with
# its history of public updates), which the parent chooser would otherwise read for all.
PARENT_CHOICE_DEFERRED_FIELDS = ("body_markdown", "body_html", "headings", "public_updates")


def html_attributes(attrs):
    """Django's widgets/attrs.html, in Python."""
    return format_html_join(
        "",
        " {}{}",
        (
            (name, "" if value is True else format_html('="{}"', value))
            for name, value in attrs.items()
            if value is not False
        ),
    )


class ParentSelect(forms.Select):
    """Django's Select, written in one pass: the same HTML, without two templates an option.

    The parent chooser offers every page. With 10 000 pages Django's select and option
    templates cost 1.6 s of CPU each time the form is shown (half the change page), on one
    of the app server's few workers, while readers wait for it (bench/README.md).
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        groups = []
        for group_name, options, _ in widget["optgroups"]:
            group = format_html_join(
                "",
                '\n  <option value="{}"{}>{}</option>\n',
                (
                    (option["value"], html_attributes(option["attrs"]), option["label"])
                    for option in options
                ),
            )
            if group_name:
                group = format_html('\n  <optgroup label="{}">{}\n  </optgroup>', group_name, group)
            groups.append((group,))
        return format_html(
            '<select name="{}"{}>{}\n</select>',
            widget["name"],
            html_attributes(widget["attrs"]),
            format_html_join("", "{}", groups),
        )


class GuidancePageForm(LinkCheckedBodyForm, forms.ModelForm):
    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    change_note = forms.CharField(
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="What changed and why, in a sentence. Kept in the page's history.",
    )
    unpublish_despite_links = forms.BooleanField(
        required=False,
        label="Unpublish even though pages link here",
        help_text="Only needed when you make a live page a draft and other pages link to it.",
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
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3, "maxlength": 300}),
            "parent": ParentSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "parent" in self.fields:
            parent = self.fields["parent"]
            parent.queryset = parent.queryset.defer(*PARENT_CHOICE_DEFERRED_FIELDS)
        if self.instance.pk:
            self.fields["opened_version"].initial = self.instance.edit_version
        elif "sibling_order" in self.fields:
            self.fields["sibling_order"].help_text = "Leave 0 to put the new page last."

    def body_address(self):
        """Where this page will be, for its relative links and #anchors."""
        slug = self.data.get(self.add_prefix("slug")) or self.instance.slug or "new-page"
        parent = self.cleaned_data.get("parent") if hasattr(self, "cleaned_data") else None
        path = f"{parent.path}/{slug}" if parent else slug
        return f"/{path}/"

    def clean(self):
        cleaned = super().clean()
        self._confirm_unpublishing_a_linked_page(cleaned)
        publish_at, unpublish_at = cleaned.get("publish_at"), cleaned.get("unpublish_at")
        if unpublish_at and publish_at and unpublish_at <= publish_at:
            self.add_error("unpublish_at", "Choose a time after the publishing time.")
        if cleaned.get("publish_change_note") and not cleaned.get("change_note", "").strip():
            self.add_error("change_note", "Write the note the public will see.")
        if self.instance.pk and not self.errors:
            self._refuse_stale_edit(cleaned)
        return cleaned

    def _confirm_unpublishing_a_linked_page(self, cleaned):
        """Taking a live page off the site breaks the links to it: name them, ask first."""
        was_live = self.instance.pk and self.instance.is_published
        if not was_live or cleaned.get("status") != GuidancePage.Status.DRAFT:
            return
        linking = pages_linking_to(self.instance.path)
        if linking and not cleaned.get("unpublish_despite_links"):
            names = "; ".join(f"{label}: “{item}”" for label, item in linking[:20])
            self.add_error(
                "status",
                f"{len(linking)} other page(s) link to this page: {names}. Their links will "
                "lead nowhere. Tick “Unpublish even though pages link here” to go ahead.",
            )

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
