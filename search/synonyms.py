"""The editors' synonyms, cached (in Redis when `REDIS_URL` is set) and forgotten whenever
one changes, so a search costs no query for them."""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

from shared.cache import of_this_database

from .models import Synonym

SYNONYMS_CACHE_KEY = "search:synonyms"
SYNONYMS_CACHE_SECONDS = 300


def editor_synonyms():
    """{"revenge porn": ["intimate image abuse"], ...}"""
    synonyms = cache.get(of_this_database(SYNONYMS_CACHE_KEY))
    if synonyms is None:
        synonyms = {}
        for synonym in Synonym.objects.all():
            synonyms.setdefault(synonym.phrase, []).extend(synonym.meaning_list)
        cache.set(of_this_database(SYNONYMS_CACHE_KEY), synonyms, SYNONYMS_CACHE_SECONDS)
    return synonyms


def forget_synonyms(**kwargs):
    from .spelling import forget_vocabulary

    cache.delete(of_this_database(SYNONYMS_CACHE_KEY))
    forget_vocabulary()  # it holds the synonyms' words


def equivalent_queries(normalised_query, synonyms):
    """The query and every phrase that means the same in the synonyms, either way round."""
    equivalents = {normalised_query, *synonyms.get(normalised_query, [])}
    equivalents.update(
        phrase for phrase, meanings in synonyms.items() if normalised_query in meanings
    )
    return equivalents


post_save.connect(forget_synonyms, sender=Synonym, dispatch_uid="search-forget-synonyms")
post_delete.connect(forget_synonyms, sender=Synonym, dispatch_uid="search-forget-synonyms")
