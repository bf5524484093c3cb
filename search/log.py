"""What people searched for: one count per normalised query per day, kept for 90 days.

Nothing else is stored about a search: no address, cookie, session or time of day, and a
query holding an email address or a long number (phone, card, account) is not counted at
all. Editors read the counts in the admin (Site search → Search counts) to see which
synonyms and best bets to add.
"""

import datetime
import logging

from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from pagecache.stored_parts import is_busy, without_waiting_for_a_writer
from shared.personal_details import has_personal_details

from .models import SearchCount, normalise_query

KEEP_DAYS = 90

logger = logging.getLogger(__name__)


def count_search(text, results, today=None):
    """Count one search for `text` that found `results` items; return the normalised
    query counted, or None when it was not counted.

    A count never holds a reader up. On SQLite one write at a time holds the database, and
    an editor's save holds it for as long as the admin takes (up to seconds with 10 000
    pages): a search made meanwhile is answered without being counted, rather than waiting.
    A count lost now and then is acceptable: the counts say which queries are common, and a
    common query is counted again by the next reader.
    """
    if not text or has_personal_details(text):
        return None
    query = normalise_query(text)
    if not query or has_personal_details(query):
        return None
    try:
        with without_waiting_for_a_writer():
            return _count(query, results, today or timezone.localdate())
    except DatabaseError as error:
        if not is_busy(error):
            raise
        logger.info("search not counted: the database is busy with a write")
        return None


def _count(query, results, today):
    counted = SearchCount.objects.filter(day=today, query=query)
    if counted.update(searches=F("searches") + 1, results=results):
        return query
    try:
        with transaction.atomic():
            SearchCount.objects.create(day=today, query=query, searches=1, results=results)
    except IntegrityError:  # another request counted it first
        counted.update(searches=F("searches") + 1, results=results)
    else:
        purge_old_counts(today)  # at most once per query a day: cheap, and no cron needed
    return query


def purge_old_counts(today=None):
    """Delete counts older than KEEP_DAYS; return how many rows went."""
    today = today or timezone.localdate()
    deleted, _ = SearchCount.objects.filter(
        day__lte=today - datetime.timedelta(days=KEEP_DAYS)
    ).delete()
    return deleted
