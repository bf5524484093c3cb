"""Editors see feedback per page with yes and no counts; the beta banner follows settings."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from feedback.models import Feedback
from tests.services import settings_printed

pytestmark = pytest.mark.django_db


@pytest.fixture
def answers():
    for path, useful, comment in [
        ("/advice/", True, ""),
        ("/advice/", False, "Too long."),
        ("/advice/", False, ""),
        ("/guidance/introduction/", True, ""),
    ]:
        Feedback.objects.create(page_path=path, useful=useful, comment=comment)


def test_editors_see_yes_and_no_counts_per_page_most_no_first(admin_client, answers):
    response = admin_client.get("/admin/feedback/feedback/")
    assert response.status_code == 200
    assert response.context["feedback_per_page"] == [
        {"page_path": "/advice/", "yes": 1, "no": 2, "comments": 1},
        {"page_path": "/guidance/introduction/", "yes": 1, "no": 0, "comments": 0},
    ]
    assert "Feedback per page" in response.text
    assert "Too long." in response.text


def test_choosing_a_page_lists_its_answers_and_counts_only_them(admin_client, answers):
    response = admin_client.get("/admin/feedback/feedback/", {"page_path": "/advice/"})
    assert response.context["cl"].result_count == 3
    assert response.context["feedback_per_page"] == [
        {"page_path": "/advice/", "yes": 1, "no": 2, "comments": 1}
    ]


def test_the_per_page_counts_cost_the_same_queries_however_many_pages(admin_client, answers):
    with CaptureQueriesContext(connection) as few_pages:
        assert admin_client.get("/admin/feedback/feedback/").status_code == 200
    Feedback.objects.bulk_create(
        Feedback(page_path=f"/advice/page-{number}/", useful=number % 2 == 0)
        for number in range(40)
    )
    with CaptureQueriesContext(connection) as many_pages:
        assert admin_client.get("/admin/feedback/feedback/").status_code == 200
    assert len(many_pages) == len(few_pages)


def test_editors_cannot_add_or_change_what_readers_said(admin_client, answers):
    feedback = Feedback.objects.first()
    assert admin_client.get("/admin/feedback/feedback/add/").status_code == 403
    response = admin_client.post(
        f"/admin/feedback/feedback/{feedback.pk}/change/",
        {"page_path": "/x/", "useful": "on", "comment": "Edited"},
    )
    assert response.status_code == 403
    feedback.refresh_from_db()
    assert feedback.comment != "Edited"


def test_the_beta_banner_carries_the_feedback_email_from_settings(client, settings, small_tree):
    settings.FEEDBACK_EMAIL = "portal-team@example.org"
    html = client.get("/guidance/introduction/").text
    assert 'class="beta-banner"' in html
    assert '<a href="mailto:portal-team@example.org">' in html


def test_the_beta_banner_can_be_switched_off_in_settings(client, settings, small_tree):
    settings.BETA_BANNER = False
    assert 'class="beta-banner"' not in client.get("/guidance/introduction/").text


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({}, "True cybercrime-portal-feedback@example.org"),
        ({"BETA_BANNER": "0", "FEEDBACK_EMAIL": "team@example.org"}, "False team@example.org"),
        ({"BETA_BANNER": "off"}, "False cybercrime-portal-feedback@example.org"),
    ],
)
def test_banner_settings_are_read_from_the_environment(environment, expected):
    printed = settings_printed(
        "s.BETA_BANNER, s.FEEDBACK_EMAIL", environment, unset={"BETA_BANNER", "FEEDBACK_EMAIL"}
    )
    assert printed == expected
