"""What people searched for: one count per normalised query per day, kept for 90 days.

Nothing else is stored about a search: no address, cookie, session or time of day, and a
query holding an email address or a long number (phone, card, account) is not counted at
all. Editors read the counts in the admin (Site search → Search counts) to see which
synonyms and best bets to add.
"""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from shared.personal_details import has_personal_details

from .models import SearchCount, normalise_query

KEEP_DAYS = 90


def count_search(text, results, today=None):
    """Count one search for `text` that found `results` items; return the normalised
    query counted, or None when it was not counted."""
    if not text or has_personal_details(text):
        return None
    query = normalise_query(text)
    if not query or has_personal_details(query):
        return None
    today = today or timezone.localdate()
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
