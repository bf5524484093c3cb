"""What each app declares about itself on its AppConfig, gathered for the layer below
that acts on it (as Django's admin autodiscovers and Wagtail's search registers).

A content app plugs into the site in one place, its AppConfig:

    content_files = ["news.content_files"]           # import_content / export_content
    cached_models = ["news.NewsItem", ...]           # a change renders cached pages afresh
    recoverable_models = ["news.NewsItem", ...]      # kept whole when deleted, restorable
    search_documents = ["news.search_index.news_search", ...]   # Searchable instances
    search_synonyms = ["offences.search_index.glossary_abbreviations"]  # {word: [meanings]}
"""

from django.apps import apps


def declared(attribute):
    """Every installed app's declarations of `attribute`, in INSTALLED_APPS order."""
    return [value for config in apps.get_app_configs() for value in getattr(config, attribute, ())]
