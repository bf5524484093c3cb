"""What we never store from what readers type: email addresses and long numbers.

Used by page feedback (removed from comments) and the search log (such a query is not
counted at all)."""

import re

EMAIL_ADDRESS = re.compile(r"[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+")
# Phone, card and account numbers: 8 or more digits, perhaps broken up by spaces or dashes.
LONG_NUMBER = re.compile(r"\+?\d(?:[ \-]?\d){7,}")


def has_personal_details(text):
    return bool(EMAIL_ADDRESS.search(text) or LONG_NUMBER.search(text))
