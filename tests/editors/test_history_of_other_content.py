"""News, prosecution guidance, offences, Acts, cybercrime types, glossary terms and MOT
questions keep every save: history, compare and restore in the admin, as pages have."""

import pytest
from django.urls import reverse
from reversion.models import Version

from offences.models import GlossaryTerm
from publications.models import NewsItem

from .conftest import change_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def news_item(db):
    return NewsItem.objects.create(
        title="Officer sentenced", slug="officer-sentenced", published_on="2024-01-02",
        status="published", body_markdown="First wording.",
    )  # fmt: skip


def save_through_admin(client, item, **changes):
    url = reverse(f"admin:{item._meta.app_label}_{item._meta.model_name}_change", args=[item.pk])
    response = client.post(url, change_form_data(client, item, url=url, **changes))
    assert response.status_code == 302, response.context["adminform"].form.errors
    item.refresh_from_db()


def test_each_admin_save_of_a_news_item_is_a_revision_compared_line_by_line(
    editor_client, news_item
):
    save_through_admin(editor_client, news_item, body_markdown="First wording.\nKept line.")
    save_through_admin(editor_client, news_item, body_markdown="Second wording.\nKept line.")
    older, newer = Version.objects.get_for_object(news_item).order_by("pk")

    history = editor_client.get(reverse("admin:publications_newsitem_history", args=[news_item.pk]))
    compare = editor_client.get(
        reverse("admin:publications_newsitem_compare", args=[news_item.pk]),
        {"from": older.pk, "to": newer.pk},
    )

    assert "Compare the chosen revisions" in history.content.decode()
    html = compare.content.decode()
    assert '<del role="cell">First wording.</del>' in html
    assert '<ins role="cell">Second wording.</ins>' in html


def test_an_earlier_glossary_term_is_restored_from_its_history(editor_client):
    term = GlossaryTerm.objects.create(term="Denial of service", abbreviation="DoS")
    save_through_admin(editor_client, term, definition="A good definition.")
    good = Version.objects.get_for_object(term).get()
    save_through_admin(editor_client, term, definition="A mistaken definition.")

    revision_url = reverse("admin:offences_glossaryterm_revision", args=[term.pk, good.pk])
    form = change_form_data(editor_client, term, url=revision_url)
    response = editor_client.post(revision_url, form)

    assert response.status_code == 302
    term.refresh_from_db()
    assert term.definition == "A good definition."
    assert Version.objects.get_for_object(term).count() == 3  # the mistake is still there


@pytest.mark.parametrize("query", [{}, {"from": "x"}, {"from": "99999"}])
def test_comparing_without_a_real_revision_is_a_404(editor_client, news_item, query):
    url = reverse("admin:publications_newsitem_compare", args=[news_item.pk])
    assert editor_client.get(url, query).status_code == 404
