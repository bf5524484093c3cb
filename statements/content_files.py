"""The statements (accessibility, cookies, privacy, licence) as Markdown files under
content/statements/, one file each, the slug being the file name."""

import datetime
from pathlib import Path

from django.core.exceptions import ValidationError

from guidance.content_files import SLUG_RE, ContentError, meta_line, read_document, write_document

from .models import Statement

KIND = "statements"
STATEMENTS_DIR = "statements"
KEYS = ("title", "summary", "prepared", "reviewed", "checks_passed")
DATE_FIELDS = {
    "prepared": "prepared_on",
    "reviewed": "reviewed_on",
    "checks_passed": "checks_passed_on",
}


def _date(document, key):
    value = document.meta.get(key)
    if value is None:
        return None
    if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
        raise ContentError(
            document.path, f"'{key}' must be a date like 2026-11-30", meta_line(document, key)
        )
    return value


def read_statements(content_dir):
    folder = Path(content_dir) / STATEMENTS_DIR
    if not folder.is_dir():
        return []
    documents = []
    for file in sorted(folder.iterdir()):
        if file.name.startswith("."):
            continue
        if file.suffix != ".md" or not file.is_file():
            raise ContentError(file, "only Markdown files (.md) belong here")
        if not SLUG_RE.match(file.stem):
            raise ContentError(file, f"'{file.stem}' is not a valid slug")
        documents.append(read_document(file, KEYS))
    return documents


def _fields(document):
    return {
        "title": str(document.meta["title"]).strip(),
        "summary": str(document.meta.get("summary") or "").strip(),
        "body_markdown": document.body,
        **{field: _date(document, key) for key, field in DATE_FIELDS.items()},
    }


def import_from(content_dir, prune=False):
    counts = {"created": 0, "updated": 0, "unchanged": 0, "removed": 0}
    documents = read_statements(content_dir)
    existing = {statement.slug: statement for statement in Statement.objects.all()}
    for document in documents:
        slug = document.path.stem
        wanted = _fields(document)
        statement = existing.get(slug)
        if statement is not None and all(
            getattr(statement, field) == value for field, value in wanted.items()
        ):
            counts["unchanged"] += 1
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
    if prune:
        wanted_slugs = {document.path.stem for document in documents}
        for slug, statement in existing.items():
            if slug not in wanted_slugs:
                statement.delete()
                counts["removed"] += 1
    return counts


def export_to(target_dir):
    written = 0
    for statement in Statement.objects.order_by("slug"):
        write_document(
            Path(target_dir) / STATEMENTS_DIR / f"{statement.slug}.md",
            [
                ("title", statement.title),
                ("summary", statement.summary or None),
                *((key, getattr(statement, field)) for key, field in DATE_FIELDS.items()),
            ],
            statement.body_markdown,
        )
        written += 1
    return written
