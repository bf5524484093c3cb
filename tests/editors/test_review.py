"""Every page has a review date; the report lists what is due, oldest first."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_the_review_report_lists_overdue_then_due_pages_oldest_first(editor_client, make_page):
    today = timezone.localdate()
    make_page("Long overdue", review_by=today - datetime.timedelta(days=200))
    make_page("Just overdue", review_by=today - datetime.timedelta(days=1))
    make_page("Due next week", review_by=today + datetime.timedelta(days=7))
    make_page("Due next year", review_by=today + datetime.timedelta(days=365))
    make_page("Never dated")

    response = editor_client.get(reverse("admin:guidance_guidancepage_review"))

    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Long overdue") < html.index("Just overdue") < html.index("Due next week")
    assert html.index("Overdue (2)") < html.index("Long overdue")
    assert "Due next year" not in html
    assert "1 page has no review date" in html


def test_the_page_list_filters_by_review_state(editor_client, make_page):
    today = timezone.localdate()
    make_page("Stale page", review_by=today - datetime.timedelta(days=3))
    make_page("Fresh page", review_by=today + datetime.timedelta(days=300))
    url = reverse("admin:guidance_guidancepage_changelist")
    html = editor_client.get(url, {"review": "overdue"}).content.decode()
    assert "Stale page" in html and "Fresh page" not in html
