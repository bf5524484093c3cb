"""Welsh versions of pages and statements: stored beside their English item, imported from
`name.cy.md` beside `name.md`, exported back there, under the ledger's rules.

A translation holds what a reader reads (title, summary, body); everything else (order,
status, dates, tags) follows the English item, so a Welsh page is public exactly when its
English page is. Front matter keys other than title and summary may be written in a
`.cy.md` file (a copy of the English file's) and are ignored.
"""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from provenance.ledger import CREATE, LEAVE

from .content_files import ContentError, read_document, write_document
from .rendering import RenderedOnSave

TRANSLATION_LANGUAGES = [
    (code, name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE
]


class Translation(RenderedOnSave, models.Model):
    """The reader's text of an item in another language, rendered once when saved."""

    language = models.CharField(max_length=8, choices=TRANSLATION_LANGUAGES, default="cy")
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=300, blank=True)
    body_markdown = models.TextField(blank=True)
    body_html = models.TextField(blank=True, editable=False)
    headings = models.JSONField(default=list, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.title} ({self.language})"

    def save(self, *args, **kwargs):
        self.render_body()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body_markdown" in update_fields:
            # The rendering goes with its source (update_or_create saves only what changed).
            kwargs["update_fields"] = {*update_fields, "body_html", "headings"}
        super().save(*args, **kwargs)

    def render_body(self):
        rendered = self.rendered_body()
        self.body_html = self.html_to_store(rendered)
        self.headings = [
            {"level": h.level, "text": h.text, "anchor": h.anchor} for h in rendered.headings
        ]


def translation_language(file):
    """'cy' for name.cy.md (a translation's file), else None."""
    name = Path(file).name
    for code, _ in TRANSLATION_LANGUAGES:
        if name.endswith(f".{code}.md"):
            return code
    return None


def original_file(file):
    """name.cy.md -> name.md, beside it."""
    file = Path(file)
    language = translation_language(file)
    return file.with_name(file.name[: -len(f".{language}.md")] + ".md")


def translated_file(file, language):
    """name.md -> name.cy.md, beside it."""
    file = Path(file)
    return file.with_name(f"{file.stem}.{language}.md")


def read_translation(file, allowed_keys):
    """A translation file, checked: its English file must exist beside it."""
    english = original_file(file)
    if not english.is_file():
        raise ContentError(
            file, f"a Welsh version needs its English page beside it ({english.name} is missing)"
        )
    document = read_document(file, allowed_keys)
    title = str(document.meta["title"]).strip()
    summary = str(document.meta.get("summary") or "").strip()
    if len(title) > 200:
        raise ContentError(file, "'title' is longer than 200 characters")
    if len(summary) > 300:
        raise ContentError(file, "'summary' is longer than 300 characters")
    return {
        "language": translation_language(file),
        "title": title,
        "summary": summary,
        "body_markdown": document.body,
    }


def _translation_row(translation):
    return {
        "language": translation.language,
        "title": translation.title,
        "summary": translation.summary,
        "body_markdown": translation.body_markdown,
    }


def import_translations(model, owner_field, wanted, ledger, counts, prune=False, scope=None):
    """Create, update (or with prune, remove) translations under the ledger's rules.

    wanted: [(file, owner id, fields from read_translation)]. scope: the owners whose
    translations an import with --prune may remove (those of the files it read).
    Counts go into `counts` as "Welsh created", "Welsh updated" and so on.
    """
    own_counts = {"created": 0, "updated": 0, "unchanged": 0, "removed": 0}
    existing = {(getattr(t, f"{owner_field}_id"), t.language): t for t in model.objects.all()}
    by_pk = {t.pk: t for t in existing.values()}
    seen = set()
    for file, owner_id, fields in wanted:
        source = ledger.source(file)
        key = (owner_id, fields["language"])
        seen.add(key)
        file_fields = {"owner": str(original_file(file).name), **fields}
        translation = by_pk.get(ledger.imported_object_id(model, source)) or existing.get(key)
        if translation is not None and getattr(translation, f"{owner_field}_id") != owner_id:
            translation = existing.get(key)
        row = (
            {"owner": file_fields["owner"], **_translation_row(translation)}
            if translation
            else None
        )
        action = ledger.decide(
            model, translation and translation.pk, source, file_fields, row, own_counts
        )
        if action == LEAVE:
            continue
        if action == CREATE or translation is None:
            translation = model(**{f"{owner_field}_id": owner_id})
            own_counts["created"] += 1
        else:
            own_counts["updated"] += 1
        for name, value in fields.items():
            setattr(translation, name, value)
        try:
            translation.full_clean(exclude=[owner_field])
        except ValidationError as error:
            raise ContentError(file, "; ".join(error.messages)) from None
        translation.save()
        ledger.imported(model, translation, source, file_fields)
    if prune:
        for key, translation in existing.items():
            if key in seen or (scope is not None and key[0] not in scope):
                continue
            if ledger.may_remove(model, translation.pk):
                translation.delete()
                own_counts["removed"] += 1
    for what, number in own_counts.items():
        if number:
            counts[f"Welsh {what}"] = counts.get(f"Welsh {what}", 0) + number


def export_translation(translation, english_file, extra_meta=()):
    write_document(
        translated_file(english_file, translation.language),
        [
            ("title", translation.title),
            ("summary", translation.summary or None),
            *extra_meta,
        ],
        translation.body_markdown,
    )
