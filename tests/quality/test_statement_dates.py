"""The accessibility statement's dates stay true: the gates fail when they go stale.

"The checks last passed on …" is written by `make record-checks` only after `make check`
passes. This gate fails once that date is more than CHECKS_DATE_LIMIT old, so a statement
whose date nobody has renewed cannot be released; the regulations also ask for the
statement to be kept under regular review.
"""

import datetime

from django.conf import settings

from guidance.content_files import read_document
from statements.content_files import KEYS, STATEMENTS_DIR

CHECKS_DATE_LIMIT = datetime.timedelta(days=90)
REVIEW_LIMIT = datetime.timedelta(days=365)


def accessibility_statement():
    return read_document(settings.CONTENT_DIR / STATEMENTS_DIR / "accessibility.md", KEYS).meta


def test_the_date_the_checks_last_passed_is_recent():
    """No date means the statement says nothing about when; a date must be recent."""
    passed = accessibility_statement().get("checks_passed")
    if passed is None:
        return
    assert isinstance(passed, datetime.date), "checks_passed must be a date"
    age = datetime.date.today() - passed
    assert datetime.timedelta(0) <= age <= CHECKS_DATE_LIMIT, (
        f"the statement says the checks passed on {passed}: run `make record-checks` and "
        "commit content/statements/accessibility.md"
    )


def test_the_accessibility_statement_was_reviewed_within_a_year():
    meta = accessibility_statement()
    prepared, reviewed = meta.get("prepared"), meta.get("reviewed")
    assert isinstance(prepared, datetime.date) and isinstance(reviewed, datetime.date)
    assert prepared <= reviewed <= datetime.date.today()
    assert datetime.date.today() - reviewed <= REVIEW_LIMIT, "review the statement"
