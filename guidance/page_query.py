"""The public page's own query, compiled to SQL once per process.

A guidance page is found by its path with one query that also answers what the content
apps ask of it (`page_annotations`: "Exit this page?", "Offences on this page?") and which
translations it has. Building that queryset and compiling its four subqueries cost the ORM
about 1.5 ms on every page view, more than PostgreSQL takes to answer it. Nothing in it
but the path changes while a process runs (the annotations, the tag names and the
languages come from settings and app declarations), so the SQL is compiled once, with a
placeholder for the path, and run as a raw query of the same model.
"""

import functools

from django.core.signals import setting_changed
from django.db import connection

from shared.declarations import page_annotations

from .models import GuidancePage
from .reader_language import translation_flags

_PATH_PLACEHOLDER = "page-query-path-placeholder"


def _page_queryset(path):
    # The Markdown source (as long as the page) is never shown: only its rendering is.
    return (
        GuidancePage.objects.filter(path=path)
        .defer("body_markdown")
        .annotate(**page_annotations(), **translation_flags())
    )


@functools.cache
def _compiled(vendor):
    """(SQL, its parameters, the index of the path among them, the annotations' names)."""
    query = _page_queryset(_PATH_PLACEHOLDER)[:1].query
    sql, params = query.get_compiler(connection=connection).as_sql()
    params = list(params)
    if params.count(_PATH_PLACEHOLDER) != 1:
        raise RuntimeError("the page query's SQL has no single place for the path")
    return sql, params, params.index(_PATH_PLACEHOLDER), tuple(query.annotations)


def page_by_path(path):
    """The guidance page at `path` (published or not), with its annotations, or None."""
    sql, params, path_index, annotations = _compiled(connection.vendor)
    params = [*params[:path_index], path, *params[path_index + 1 :]]
    page = next(iter(GuidancePage.objects.raw(sql, params)), None)
    if page is not None:
        # EXISTS comes back as 0/1 from SQLite; the templates and tags test `is False`.
        for name in annotations:
            setattr(page, name, bool(getattr(page, name)))
    return page


def _forget_compiled(**kwargs):
    _compiled.cache_clear()  # a test changed a setting the SQL may hold (QUICK_EXIT_TAGS)


setting_changed.connect(_forget_compiled)
