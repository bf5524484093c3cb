from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Site search"

    def ready(self):
        # Each content app says how to index itself in its own search_index.py.
        autodiscover_modules("search_index")
        from . import synonyms  # noqa: F401 - forgets cached synonyms when one changes
