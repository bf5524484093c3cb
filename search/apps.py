from django.apps import AppConfig
from django.utils.module_loading import import_string


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Site search"

    def ready(self):
        from shared.declarations import declared

        from . import signals, synonyms  # noqa: F401 - synonyms: forgets cached ones on change
        from .registry import register, register_abbreviations, register_browse

        # Each content app names what it adds to the search on its AppConfig.
        for path in declared("search_documents"):
            register(import_string(path))
        for path in declared("search_synonyms"):
            register_abbreviations(import_string(path))
        for path in declared("search_browse"):
            register_browse(import_string(path))
        signals.connect_registered_models()
