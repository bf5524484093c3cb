"""The statements (accessibility, cookies, privacy, licence) as Markdown files under
content/statements/, one file each, the slug being the file name."""

from pathlib import Path

from django.core.exceptions import ValidationError

from guidance.content_files import (
    SLUG_RE,
    ContentError,
    read_date,
    read_document,
    refuse_links,
    write_document,
)
from guidance.translations import (
    export_translation,
    import_translations,
    original_file,
    read_translation,
    translation_language,
)
from provenance.ledger import LEAVE, ImportLedger

from .models import Statement, StatementTranslation

KIND = "statements"
STATEMENTS_DIR = "statements"
KEYS = ("title", "summary", "prepared", "reviewed", "checks_passed")
DATE_FIELDS = {
    "prepared": "prepared_on",
    "reviewed": "reviewed_on",
    "checks_passed": "checks_passed_on",
}


def read_statements(content_dir):
    folder = Path(content_dir) / STATEMENTS_DIR
    if not folder.is_dir():
        return []
    documents = []
    for file in sorted(folder.iterdir()):
        if file.name.startswith(".") or translation_language(file):
            continue
        refuse_links(content_dir, file)
        if file.suffix != ".md" or not file.is_file():
            raise ContentError(file, "only Markdown files (.md) belong here")
        if not SLUG_RE.match(file.stem):
            raise ContentError(file, f"'{file.stem}' is not a valid slug")
        documents.append(read_document(file, KEYS))
    return documents


def read_statement_translations(content_dir):
    """[(file, slug, fields)] for every name.cy.md beside a statement."""
    folder = Path(content_dir) / STATEMENTS_DIR
    if not folder.is_dir():
        return []
    found = []
    for file in sorted(folder.glob("*.md")):
        if translation_language(file) and not file.name.startswith("."):
            refuse_links(content_dir, file)
            found.append((file, original_file(file).stem, read_translation(file, KEYS)))
    return found


def _fields(document):
    return {
        "title": str(document.meta["title"]).strip(),
        "summary": str(document.meta.get("summary") or "").strip(),
        "body_markdown": document.body,
        **{field: read_date(document, key) for key, field in DATE_FIELDS.items()},
    }


def _row_fields(statement, wanted):
    return {"slug": statement.slug, **{field: getattr(statement, field) for field in wanted}}


def import_from(content_dir, prune=False, ledger=None):
    """Statements under the import's rules: an edit made in the admin is never overwritten."""
    ledger = ledger or ImportLedger(content_dir)
    counts = {"created": 0, "updated": 0, "unchanged": 0, "removed": 0}
    documents = read_statements(content_dir)
    existing = {statement.slug: statement for statement in Statement.objects.all()}
    by_pk = {statement.pk: statement for statement in existing.values()}
    for document in documents:
        slug = document.path.stem
        source = ledger.source(document.path)
        wanted = _fields(document)
        file_fields = {"slug": slug, **wanted}
        statement = by_pk.get(ledger.imported_object_id(Statement, source)) or existing.get(slug)
        row = _row_fields(statement, wanted) if statement else None
        action = ledger.decide(
            Statement, statement and statement.pk, source, file_fields, row, counts
        )
        if action == LEAVE:
            continue
        if statement is None:
            statement = Statement(slug=slug)
            counts["created"] += 1
        else:
            counts["updated"] += 1
        for field, value in wanted.items():
            setattr(statement, field, value)
        try:
            statement.full_clean()
        except ValidationError as error:
            raise ContentError(document.path, "; ".join(error.messages)) from None
        statement.save()
        ledger.imported(Statement, statement, source, file_fields)
    translations = read_statement_translations(content_dir)
    by_slug = {statement.slug: statement.pk for statement in Statement.objects.all()}
    import_translations(
        StatementTranslation,
        "statement",
        [(file, by_slug[slug], fields) for file, slug, fields in translations if slug in by_slug],
        ledger,
        counts,
        prune=prune,
    )
    if prune:
        wanted_slugs = {document.path.stem for document in documents}
        fields = list(_fields(documents[0])) if documents else None
        for slug, statement in existing.items():
            row = _row_fields(statement, fields) if fields else None
            if slug not in wanted_slugs and ledger.may_remove(Statement, statement.pk, row):
                statement.delete()
                counts["removed"] += 1
    return counts


def export_to(target_dir):
    written = 0
    for statement in Statement.objects.prefetch_related("translations").order_by("slug"):
        file = Path(target_dir) / STATEMENTS_DIR / f"{statement.slug}.md"
        dates = [(key, getattr(statement, field)) for key, field in DATE_FIELDS.items()]
        write_document(
            file,
            [("title", statement.title), ("summary", statement.summary or None), *dates],
            statement.body_markdown,
        )
        for translation in statement.translations.all():
            # The same dates as the English statement's, which they follow.
            export_translation(translation, file, dates)
        written += 1
    return written
