"""The data migration that re-renders stored bodies after the move from bleach to nh3."""

import importlib

import pytest
from django.apps import apps

from guidance.models import GuidancePage
from guidance.rendering import render_markdown
from publications.models import NewsItem

pytestmark = pytest.mark.django_db

migration = importlib.import_module("offences.migrations.0002_rerender_bodies_with_nh3")


def test_migration_replaces_every_stored_body_with_a_fresh_rendering():
    body = "## Heading\n\nSee the [Act](https://www.legislation.gov.uk/)."
    page = GuidancePage.objects.create(
        title="Guidance", slug="guidance", status="published", body_markdown=body
    )
    GuidancePage.objects.filter(pk=page.pk).update(body_html="<p>stored by bleach</p>", headings=[])
    news = NewsItem.objects.create(
        title="News", slug="news", published_on="2026-11-30", body_markdown=body
    )
    NewsItem.objects.filter(pk=news.pk).update(body_html="<p>stored by bleach</p>")

    migration.rerender_stored_bodies(apps, schema_editor=None)

    expected = render_markdown(body)
    page.refresh_from_db()
    news.refresh_from_db()
    assert page.body_html == expected.html == news.body_html
    assert page.headings == [{"level": 2, "text": "Heading", "anchor": "heading"}]
