"""Two editors at once: a save over a version the editor never saw is refused, both versions
are shown side by side, and replacing the other editor's version takes a separate button.

The overwrite button carries the version the editor was shown; if a third save lands in
between, it no longer matches and the save is refused again. Saving the form a second time
with the ordinary Save button is refused every time.
"""

import difflib
from dataclasses import dataclass, field

from django.utils import timezone

OVERWRITE_FIELD = "_overwrite_version"
SIDE_BY_SIDE_FIELDS = ("title", "slug", "summary", "body_markdown", "status", "publish_at")


@dataclass
class Row:
    theirs: str | None
    yours: str | None

    @property
    def changed(self):
        return self.theirs != self.yours


@dataclass
class FieldComparison:
    label: str
    rows: list[Row]


@dataclass
class Collision:
    who: str
    when: str
    saved_version: int
    refused_edit_id: int
    fields: list[FieldComparison] = field(default_factory=list)

    @property
    def lost_labels(self):
        return ", ".join(comparison.label.lower() for comparison in self.fields) or "nothing"


def side_by_side(theirs, yours):
    """Rows of (their line, your line), aligned as a two-column diff."""
    old = str(theirs if theirs is not None else "").splitlines() or [""]
    new = str(yours if yours is not None else "").splitlines() or [""]
    rows = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for _, i1, i2, j1, j2 in matcher.get_opcodes():
        left, right = old[i1:i2], new[j1:j2]
        for index in range(max(len(left), len(right))):
            rows.append(
                Row(
                    left[index] if index < len(left) else None,
                    right[index] if index < len(right) else None,
                )
            )
    return rows


def compare_versions(form, theirs, yours):
    """The fields where the saved version and the editor's differ, side by side."""
    comparisons = []
    for name in SIDE_BY_SIDE_FIELDS:
        if name not in yours:
            continue
        if _text(theirs.get(name)) == _text(yours.get(name)):
            continue
        label = str(form.fields[name].label or name).capitalize()
        comparisons.append(
            FieldComparison(label, side_by_side(_text(theirs.get(name)), _text(yours.get(name))))
        )
    return comparisons


def _text(value):
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return timezone.localtime(value).strftime("%d %b %Y %H:%M") if value.tzinfo else str(value)
    return str(value).replace("\r\n", "\n")


class CollisionAdminMixin:
    """Shows the collision panel instead of Django's “Please correct the error below”."""

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        collision = getattr(form, "collision", None)
        if collision is not None:
            context["collision"] = collision
            context["overwrite_field"] = OVERWRITE_FIELD
            if set(form.errors) == {"__all__"} and len(form.non_field_errors()) == 1:
                context["errors"] = []  # the panel says it, not as a form error
        return super().render_change_form(request, context, add, change, form_url, obj)
