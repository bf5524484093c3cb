"""The public page's own queries, compiled to SQL once per process.

A guidance page is found by its path with one query that also answers what the content
apps ask of it (`page_annotations`: "Exit this page?", "Offences on this page?") and which
translations it has. Building that queryset and compiling its four subqueries cost the ORM
about 1.5 ms on every page view, more than PostgreSQL takes to answer it. Nothing in it
but the path changes while a process runs (the annotations, the tag names and the
languages come from settings and app declarations), so the SQL is compiled once, with a
placeholder for the path, and run as a raw query of the same model.

A public page view first asks a lighter query (`page_with_stored_parts`): the few columns a
page served from its stored parts needs, and those parts (pagecache/stored_parts.py). Only
when none are stored does it ask the full query above, to render them.
"""

import functools

from django.core.signals import setting_changed
from django.db import connection

from pagecache.stored_parts import stored_columns_sql
from shared.declarations import page_annotations

from .models import GuidancePage
from .reader_language import translation_flags

_PATH_PLACEHOLDER = "page-query-path-placeholder"

# What a page served from its stored parts needs of its row: whether it is public, its
# address, and (the annotations) which translations it has, for the language links.
SERVED_FROM_STORED_PARTS = ("id", "path", "status", "publish_at")
WITH_STORED_PARTS_SQL = "SELECT page.*, {stored} FROM ({page}) page"


def _page_queryset(path):
    # The Markdown source (as long as the page) is never shown: only its rendering is.
    return (
        GuidancePage.objects.filter(path=path)
        .defer("body_markdown")
        .annotate(**page_annotations(), **translation_flags())
    )


def _compile(queryset):
    """(the compiler, its SQL, its parameters) for a queryset filtered on the placeholder
    path; the path's parameter is then put in place by `_with_path`."""
    compiler = queryset.query.get_compiler(connection=connection)
    sql, params = compiler.as_sql()
    params = list(params)
    if params.count(_PATH_PLACEHOLDER) != 1:
        raise RuntimeError("the page query's SQL has no single place for the path")
    return compiler, sql, params


def _with_path(params, path):
    """The compiled parameters with the real path in the placeholder's place."""
    index = params.index(_PATH_PLACEHOLDER)
    return [*params[:index], path, *params[index + 1 :]]


@functools.cache
def _compiled(vendor):
    """(SQL, its parameters, the annotations' names)."""
    queryset = _page_queryset(_PATH_PLACEHOLDER)[:1]
    _, sql, params = _compile(queryset)
    return sql, params, tuple(queryset.query.annotations)


@functools.cache
def _compiled_with_stored_parts(vendor):
    """(SQL, its parameters, the model's fields, the annotations' names, each column's
    converters).

    Run with a cursor: a raw queryset spends more time mapping its columns than the
    database spends answering. The converters are the ORM's own for each column (SQLite
    returns dates as text).
    """
    queryset = (
        GuidancePage.objects.filter(path=_PATH_PLACEHOLDER)
        .only(*SERVED_FROM_STORED_PARTS)
        .annotate(**translation_flags())[:1]
    )
    compiler, sql, params = _compile(queryset)
    expressions = [expression for expression, _, _ in compiler.select]
    converters = compiler.get_converters(expressions)
    fields = [
        field.attname
        for field in GuidancePage._meta.concrete_fields
        if field.attname in SERVED_FROM_STORED_PARTS
    ]
    sql = WITH_STORED_PARTS_SQL.format(stored=stored_columns_sql(), page=sql)
    return sql, params, fields, tuple(queryset.query.annotations), converters


def page_with_stored_parts(path, stored_parts):
    """The page at `path` with only what a page served from stored parts needs (status,
    path, translation flags), or None; its stored parts read into `stored_parts` by the same
    query (one snapshot: see pagecache/stored_parts.py)."""
    sql, params, fields, flags, converters = _compiled_with_stored_parts(connection.vendor)
    params = [*stored_parts.params(), *_with_path(params, path)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    row = list(row)
    for position, (functions, expression) in converters.items():
        for convert in functions:
            row[position] = convert(row[position], expression, connection)
    page = GuidancePage.from_db(connection.alias, fields, row[: len(fields)])
    # The translation flags, then the stored parts' two columns.
    for name, value in zip(flags, row[len(fields) : -2], strict=True):
        setattr(page, name, bool(value))
    stored_parts.take(*row[-2:])
    return page


def page_by_path(path):
    """The guidance page at `path` (published or not), with its annotations, or None."""
    sql, params, annotations = _compiled(connection.vendor)
    page = next(iter(GuidancePage.objects.raw(sql, _with_path(params, path))), None)
    if page is not None:
        # EXISTS comes back as 0/1 from SQLite; the templates and tags test `is False`.
        for name in annotations:
            setattr(page, name, bool(getattr(page, name)))
    return page


def _forget_compiled(**kwargs):
    # a test changed a setting the SQL may hold (QUICK_EXIT_TAGS)
    _compiled.cache_clear()
    _compiled_with_stored_parts.cache_clear()


setting_changed.connect(_forget_compiled)
