"""The page form has the page's Welsh version ("Cymraeg"): edited beside the English, kept in
the page's revisions."""

import pytest
from django.urls import reverse
from reversion.models import Version

from guidance.models import PageTranslation

from .conftest import change_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def advice(make_page):
    root = make_page("Help for the public", slug="advice")
    page = make_page("Phishing", parent=root, body="## Spot it\n\nText.\n")
    PageTranslation.objects.create(page=page, language="cy", title="Gwe-rwydo", body_markdown="x")
    return page


def test_the_page_form_shows_its_welsh_version(editor_client, advice):
    url = reverse("admin:guidance_guidancepage_change", args=[advice.pk])
    html = editor_client.get(url).content.decode()
    assert "Cymraeg (Welsh version)" in html
    assert 'value="Gwe-rwydo"' in html


def test_an_editor_changes_the_welsh_version_beside_the_english(editor_client, advice, client):
    data = change_form_data(editor_client, advice)
    data["translations-0-title"] = "Gwe-rwydo: sut i'w adnabod"
    data["translations-0-body_markdown"] = "## Ei adnabod\n\nTestun.\n"
    url = reverse("admin:guidance_guidancepage_change", args=[advice.pk])
    assert editor_client.post(url, data).status_code == 302
    welsh = PageTranslation.objects.get(page=advice)
    assert welsh.title == "Gwe-rwydo: sut i'w adnabod"
    assert 'id="ei-adnabod"' in welsh.body_html
    assert Version.objects.get_for_object(welsh).exists()  # in the page's revision
    client.logout()
    assert (
        "<h1>Gwe-rwydo: sut i&#x27;w adnabod</h1>"
        in client.get("/cy/advice/phishing/").content.decode()
    )


def test_a_broken_link_in_the_welsh_version_is_refused_and_a_working_one_saved(
    editor_client, advice
):
    url = reverse("admin:guidance_guidancepage_change", args=[advice.pk])
    data = change_form_data(editor_client, advice)

    data["translations-0-body_markdown"] = "[Adrodd](/cy/advice/nowhere/)"
    refused = editor_client.post(url, data)
    assert refused.status_code == 200
    assert "(/cy/advice/nowhere/) leads nowhere" in refused.content.decode()
    assert PageTranslation.objects.get(page=advice).body_markdown == "x"

    data["translations-0-body_markdown"] = "[Adnabod](/cy/advice/phishing/) a [hyn](../)"
    assert editor_client.post(url, data).status_code == 302
    assert "/cy/advice/phishing/" in PageTranslation.objects.get(page=advice).body_markdown
