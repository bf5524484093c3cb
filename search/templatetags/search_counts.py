"""A count of search results as a reader reads it: exact up to SEARCH_EXACT_COUNT_UP_TO,
"more than 1,000" beyond, where the backends stop counting (search/backends/base.py)."""

from django import template
from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext

register = template.Library()


@register.filter
def counted_exactly(count):
    return count <= settings.SEARCH_EXACT_COUNT_UP_TO


@register.filter
def exact_count_limit(_count):
    """The cap as a reader reads it, grouped in thousands ("1,000"), for the sentences that
    say "more than" it of `count`."""
    return number_format(settings.SEARCH_EXACT_COUNT_UP_TO, force_grouping=True)


@register.filter
def search_count(count):
    """The number itself up to the cap; "more than 1,000" above it."""
    if counted_exactly(count):
        return count
    return gettext("more than %(number)s") % {"number": exact_count_limit(count)}
