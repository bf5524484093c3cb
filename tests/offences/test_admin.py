"""Editors change offences and the glossary in the admin; the pages follow."""

import pytest

from guidance.models import GuidancePage
from offences.models import Offence

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, django_user_model):
    editor = django_user_model.objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(editor)
    return client


@pytest.mark.parametrize(
    "url",
    [
        "/admin/offences/offence/",
        "/admin/offences/offence/add/",
        "/admin/offences/act/",
        "/admin/offences/cybercrimetype/",
        "/admin/offences/glossaryterm/",
        "/admin/offences/glossaryterm/add/",
    ],
)
def test_the_admin_pages_open(editor_client, url, glossary):
    assert editor_client.get(url).status_code == 200


def test_adding_a_term_in_the_admin_marks_it_up_on_the_pages(editor_client, make_page):
    page = make_page("Attacks", body="A VPN hides traffic.")
    response = editor_client.post(
        "/admin/offences/glossaryterm/add/",
        {
            "term": "Virtual private network",
            "abbreviation": "VPN",
            "definition": "",
            # The Welsh version's inline, left empty.
            "translations-TOTAL_FORMS": "0",
            "translations-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert '<abbr title="Virtual private network">VPN</abbr>' in page.body_html


def test_changing_an_offence_in_the_admin_rebuilds_the_annex(
    editor_client, make_page, make_type, make_offence
):
    hacking = make_type("hacking")
    offence = make_offence("s1", "Unauthorised access", types=[hacking])
    annex = make_page("Annex A", body="[[offence-table: cyber-dependent]]")
    denial = make_type("denial-of-service")
    response = editor_client.post(
        f"/admin/offences/offence/{offence.pk}/change/",
        {
            "slug": offence.slug,
            "act": offence.act_id,
            "section": "s1",
            "title": "Unauthorised access to computer material",
            "conduct": offence.conduct,
            "sort_order": 0,
            "category": "cyber-dependent",
            "cybercrime_types": [hacking.pk, denial.pk],
            "guidance_pages": [annex.pk],
            "mode_of_trial": "either-way",
            "maximum_on_summary_conviction": "12 months and/or a fine (general limit)",
            "maximum_on_indictment": "2 years",
            "longest_sentence_months": 24,
            "source": offence.source,
            "penalty_source": "s1(3)",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    annex = GuidancePage.objects.get(pk=annex.pk)
    assert annex.body_html.count("Unauthorised access to computer material") == 2
    assert "<td>Denial of service</td>" in annex.body_html
    assert list(Offence.objects.get(pk=offence.pk).guidance_pages.all()) == [annex]


def test_the_admin_refuses_a_maximum_that_disagrees_with_the_sorting_value(
    editor_client, make_offence
):
    offence = make_offence("s1", "Unauthorised access")
    response = editor_client.post(
        f"/admin/offences/offence/{offence.pk}/change/",
        {
            "slug": offence.slug,
            "act": offence.act_id,
            "section": "s1",
            "title": offence.title,
            "conduct": offence.conduct,
            "sort_order": 0,
            "category": "cyber-dependent",
            "mode_of_trial": "either-way",
            "maximum_on_summary_conviction": "12 months and/or a fine (general limit)",
            "maximum_on_indictment": "2 years",
            "longest_sentence_months": 120,
            "source": offence.source,
            "penalty_source": "s1(3)",
        },
    )
    assert response.status_code == 200
    assert "is not what the maximum says" in response.text
    assert Offence.objects.get(pk=offence.pk).longest_sentence_months == 24


def test_an_editor_previews_a_new_page_that_uses_an_abbreviation(editor_client, glossary):
    response = editor_client.post(
        "/admin/guidance/guidancepage/preview/",
        {"title": "Draft", "body_markdown": "A DDoS attack.", "summary": ""},
    )
    assert response.status_code == 200
    assert '<abbr title="Distributed denial of service">DDoS</abbr>' in response.text
    assert "offences-box" not in response.text


def test_an_editor_previews_a_saved_page_with_its_offences(editor_client, make_page, make_offence):
    page = make_page("Hacking", body="About hacking.")
    make_offence("s1", "Unauthorised access", pages=[page])
    response = editor_client.get(f"/admin/guidance/guidancepage/{page.pk}/preview/")
    assert response.status_code == 200
    assert "Offences on this page" in response.text


def offence_form(offence, **changes):
    values = {
        "slug": offence.slug,
        "act": offence.act_id,
        "section": offence.section,
        "title": offence.title,
        "conduct": offence.conduct,
        "sort_order": 0,
        "category": "cyber-dependent",
        "mode_of_trial": "either-way",
        "maximum_on_summary_conviction": offence.maximum_on_summary_conviction,
        "maximum_on_indictment": "2 years",
        "longest_sentence_months": 24,
        "source": offence.source,
        "penalty_source": "s1(3)",
    }
    values.update(changes)
    return values


def test_the_admin_refuses_an_ended_offence_without_a_replacement_or_note(
    editor_client, make_offence
):
    offence = make_offence("s1", "Unauthorised access")
    url = f"/admin/offences/offence/{offence.pk}/change/"
    response = editor_client.post(url, offence_form(offence, in_force_until="2024-01-31"))
    assert response.status_code == 200
    assert "needs the offences that replaced it or a note" in response.text
    assert Offence.objects.get(pk=offence.pk).in_force_until is None


def test_the_admin_saves_an_ended_offence_with_its_replacement(editor_client, make_offence):
    offence = make_offence("s1", "Unauthorised access")
    replacement = make_offence("s2", "A newer offence")
    url = f"/admin/offences/offence/{offence.pk}/change/"
    response = editor_client.post(
        url, offence_form(offence, in_force_until="2024-01-31", replaced_by=[replacement.pk])
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert list(Offence.objects.get(pk=offence.pk).replaced_by.all()) == [replacement]


def test_the_admin_refuses_a_source_outside_the_offences_act(editor_client, make_offence):
    offence = make_offence("s1", "Unauthorised access")
    url = f"/admin/offences/offence/{offence.pk}/change/"
    response = editor_client.post(
        url,
        offence_form(offence, source="https://www.legislation.gov.uk/ukpga/2006/35/section/1"),
    )
    assert response.status_code == 200
    assert "is not a section of the Computer Misuse Act 1990" in response.text
