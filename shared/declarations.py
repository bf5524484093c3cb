"""What each app declares about itself on its AppConfig, gathered for the layer below
that acts on it (as Django's admin autodiscovers and Wagtail's search registers).

A content app plugs into the site in one place, its AppConfig:

    content_files = ["publications.content_files"]       # import_content / export_content
    cached_models = ["publications.NewsItem", ...]       # a change renders cached pages afresh
    recoverable_models = ["publications.NewsItem", ...]  # kept whole when deleted, restorable
    search_documents = ["publications.search_index.news_search", ...]  # Searchable instances
    search_synonyms = ["offences.search_index.glossary_abbreviations"]  # {word: [meanings]}
    page_annotations = ["publications.models.carries_quick_exit_tag"]  # the page's own query
    linking_bodies = [("News", "publications.NewsItem", ("slug",)), ...]  # bodies that may
                                           # link to a page: label, model, address fields
    link_choices = ["publications.link_targets.news_choices"]  # what the link chooser finds
"""

import functools

from django.apps import apps
from django.utils.module_loading import import_string


def declared(attribute):
    """Every installed app's declarations of `attribute`, in INSTALLED_APPS order."""
    return [value for config in apps.get_app_configs() for value in getattr(config, attribute, ())]


def page_annotations():
    """What content apps ask of the public page's own query, each an expression named after
    the function that builds it (their template tags read it, so it costs no query of its own)."""
    return {name: build() for name, build in _page_annotation_builders()}


@functools.cache
def _page_annotation_builders():
    """Found once per process: a page view builds the expressions, never looks them up."""
    return tuple(
        (path.rsplit(".", 1)[1], import_string(path)) for path in declared("page_annotations")
    )
