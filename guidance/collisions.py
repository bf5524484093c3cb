"""Two editors at once: a save over a version the editor never saw is refused, both versions
are shown side by side, and replacing the other editor's version takes a separate button.

The overwrite button carries the version the editor was shown; if a third save lands in
between, it no longer matches and the save is refused again. Saving the form a second time
with the ordinary Save button is refused every time.
"""

import datetime
import difflib
from dataclasses import dataclass, field

from django.core.cache import cache
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


EDITING_KEY = "editing:page:{}"
EDITING_SECONDS = 20 * 60


def note_editing(page_id, user):
    """Remember (in the shared cache, for 20 minutes) that this user opened the page."""
    key = EDITING_KEY.format(page_id)
    now = timezone.now()
    editing = _current(cache.get(key) or {}, now)
    editing[user.pk] = (user.get_username(), now)
    cache.set(key, editing, EDITING_SECONDS)


def done_editing(page_id, user):
    key = EDITING_KEY.format(page_id)
    editing = cache.get(key) or {}
    if editing.pop(user.pk, None) is not None:
        cache.set(key, editing, EDITING_SECONDS)


def others_editing(page_id, user):
    """[(username, since)] of the other people who opened this page in the last 20 minutes."""
    editing = _current(cache.get(EDITING_KEY.format(page_id)) or {}, timezone.now())
    return sorted(
        (entry for pk, entry in editing.items() if pk != user.pk), key=lambda entry: entry[1]
    )


def _current(editing, now):
    limit = now - datetime.timedelta(seconds=EDITING_SECONDS)
    return {pk: entry for pk, entry in editing.items() if entry[1] >= limit}


class CollisionAdminMixin:
    """Shows the collision panel instead of Django's “Please correct the error below”, and
    who else has the page open (a soft lock: it warns, it never blocks)."""

    def change_view(self, request, object_id, form_url="", extra_context=None):
        page_id = str(object_id)[:12]
        if page_id.isdigit():
            extra_context = {
                **(extra_context or {}),
                "others_editing": others_editing(int(page_id), request.user),
            }
            if request.method == "GET":
                note_editing(int(page_id), request.user)
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "POST" and response.status_code == 302 and page_id.isdigit():
            done_editing(int(page_id), request.user)
        return response

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        collision = getattr(form, "collision", None)
        if collision is not None:
            context["collision"] = collision
            context["overwrite_field"] = OVERWRITE_FIELD
            if set(form.errors) == {"__all__"} and len(form.non_field_errors()) == 1:
                context["errors"] = []  # the panel says it, not as a form error
        return super().render_change_form(request, context, add, change, form_url, obj)
