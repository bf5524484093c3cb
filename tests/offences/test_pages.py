"""The offence finder, offence pages, the glossary A–Z and the "Offences on this page" box:
plain GET forms, bad input ignored with a notice, constant queries whatever the data size."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from offences.models import GlossaryTerm
from pagecache.generations import forget_all_pages

pytestmark = pytest.mark.django_db


def row_titles(response):
    return re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', response.text)


@pytest.fixture
def offences(make_type, make_offence, make_act, small_tree):
    hacking = make_type("hacking")
    messages = make_type("messages", category="cyber-enabled")
    return {
        "s1": make_offence(
            "s1", "Unauthorised access", types=[hacking], pages=[small_tree["hacking"]]
        ),
        "s3za": make_offence(
            "s3ZA",
            "Serious damage",
            types=[hacking],
            mode_of_trial="indictment-only",
            maximum_on_summary_conviction="",
            maximum_on_indictment="14 years; life where human welfare is harmed",
            longest_sentence_months=168,
            life_sentence=True,
            pages=[small_tree["hacking"]],
        ),
        "s127": make_offence(
            "s127",
            "Improper use of a network",
            act=make_act("Communications Act", 2003, 21),
            category="cyber-enabled",
            types=[messages],
            mode_of_trial="summary-only",
            maximum_on_summary_conviction="6 months",
            maximum_on_indictment="",
            longest_sentence_months=6,
        ),
    }


def test_the_finder_lists_every_offence_in_a_captioned_table_with_anchors(client, offences):
    response = client.get("/offences/")
    assert response.status_code == 200
    assert row_titles(response) == [
        "Unauthorised access",
        "Serious damage",
        "Improper use of a network",
    ]
    assert "<caption>Offences</caption>" in response.text
    assert '<tr id="test-s1">' in response.text
    assert '<th scope="col">Maximum on indictment</th>' in response.text
    assert (
        '<form class="filter-form offence-filters" method="get" action="/offences/">'
        in response.text
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("act=communications-act-2003", ["Improper use of a network"]),
        ("act=computer-misuse-act-1990", ["Unauthorised access", "Serious damage"]),
        ("type=messages", ["Improper use of a network"]),
        ("category=cyber-dependent", ["Unauthorised access", "Serious damage"]),
        ("trial=summary-only", ["Improper use of a network"]),
        ("trial=indictment-only&category=cyber-dependent", ["Serious damage"]),
        ("type=messages&category=cyber-dependent", []),
    ],
)
def test_each_filter_narrows_the_list(client, offences, query, expected):
    response = client.get(f"/offences/?{query}")
    assert response.status_code == 200
    assert row_titles(response) == expected
    assert '<meta name="robots" content="noindex, follow">' in response.text


def test_sorting_by_maximum_penalty_puts_life_first_and_fines_last(client, offences, make_offence):
    make_offence(
        "s170",
        "Unlawfully obtaining personal data",
        maximum_on_summary_conviction="A fine only",
        maximum_on_indictment="A fine only",
        longest_sentence_months=0,
    )
    highest_first = row_titles(client.get("/offences/?sort=maximum"))
    assert highest_first == [
        "Serious damage",
        "Unauthorised access",
        "Improper use of a network",
        "Unlawfully obtaining personal data",
    ]
    assert row_titles(client.get("/offences/?sort=maximum-lowest")) == highest_first[::-1]


@pytest.mark.parametrize(
    ("query", "notice"),
    [
        ("act=no-such-act", "There is no Act called “no-such-act”"),
        ("type=%3Cscript%3E", "There is no type of cybercrime called “&lt;script&gt;”"),
        ("category=cyber", "There is no category called “cyber”"),
        ("trial=either+way", "There is no mode of trial called “either way”"),
        ("sort=;drop", "“;drop” is not a way to sort"),
    ],
)
def test_an_unknown_filter_value_is_ignored_with_a_notice(client, offences, query, notice):
    response = client.get(f"/offences/?{query}")
    assert response.status_code == 200
    assert notice in response.text
    assert len(row_titles(response)) == 3


def test_repeated_parameters_use_the_last_value(client, offences):
    response = client.get("/offences/?trial=summary-only&trial=nonsense")
    assert response.status_code == 200
    assert "There is no mode of trial" in response.text


def test_the_finder_costs_the_same_queries_for_three_offences_or_thirty(
    client, offences, make_offence, make_type, django_assert_num_queries
):
    # The Acts, the types, the offences and the offences that replaced them.
    with django_assert_num_queries(4):
        response = client.get("/offences/?type=hacking&sort=maximum")
    assert response.status_code == 200
    assert row_titles(response) == ["Serious damage", "Unauthorised access"]
    extra = make_type("more")
    for number in range(27):
        make_offence(f"s{100 + number}", f"Offence {number}", types=[extra])
    with django_assert_num_queries(4):
        response = client.get("/offences/?type=more")
    assert response.status_code == 200
    assert len(row_titles(response)) == 27


def test_an_offence_page_gives_the_facts_and_the_guidance_that_discusses_it(client, offences):
    response = client.get("/offences/test-s3za/")
    assert response.status_code == 200
    text = response.text
    assert "<h1>Serious damage</h1>" in text
    assert "Indictment only" in text
    assert "14 years; life where human welfare is harmed" in text
    assert "Maximum on summary conviction" not in text
    assert 'href="https://www.legislation.gov.uk/ukpga/1990/18/section/3ZA"' in text
    assert '<a href="/guidance/cyber-dependent-crimes/hacking/">Hacking</a>' in text
    assert 'href="/offences/?type=hacking"' in text


def test_an_offence_page_hides_guidance_that_is_not_public(client, offences, small_tree):
    small_tree["dependent"].status = "draft"
    small_tree["dependent"].save()
    response = client.get("/offences/test-s1/")
    assert "/guidance/cyber-dependent-crimes/hacking/" not in response.text
    assert "No guidance page discusses this offence yet." in response.text


def test_an_offence_page_costs_constant_queries(client, offences, django_assert_num_queries):
    # The offence, its pages, the public pages, its types, the other limbs of its section,
    # the offences that replaced it and those it replaced.
    with django_assert_num_queries(7):
        response = client.get("/offences/test-s1/")
    assert response.status_code == 200
    assert "Unauthorised access" in response.text


def test_an_unknown_offence_is_not_found(client, offences):
    assert client.get("/offences/no-such-offence/").status_code == 404


def test_a_guidance_page_shows_the_offences_it_discusses(client, offences):
    response = client.get("/guidance/cyber-dependent-crimes/hacking/")
    box = response.text.split('<aside class="offences-box"', 1)[1].split("</aside>", 1)[0]
    assert "Offences on this page" in box
    assert re.findall(r'<th scope="row"><a href="([^"]+)">', box) == [
        "/offences/test-s1/",
        "/offences/test-s3za/",
    ]
    assert "<td>Computer Misuse Act 1990, s3ZA</td><td>14 years; life where" in box


def test_a_guidance_page_without_offences_has_no_box(client, offences):
    assert "offences-box" not in client.get("/guidance/introduction/").text


def test_the_box_costs_the_same_queries_however_many_offences(
    client, offences, small_tree, make_offence
):
    def queries_for_page():
        forget_all_pages()  # rendered afresh, page and fragments
        with CaptureQueriesContext(connection) as captured:
            client.get("/guidance/cyber-dependent-crimes/hacking/")
        return len(captured)

    before = queries_for_page()
    for number in range(10):
        make_offence(f"s{200 + number}", f"Offence {number}", pages=[small_tree["hacking"]])
    assert queries_for_page() == before


def test_the_glossary_lists_terms_a_to_z_with_anchors(client, glossary):
    GlossaryTerm.objects.create(term="Two-step verification", abbreviation="2SV")
    response = client.get("/glossary/")
    assert response.status_code == 200
    text = response.text
    headings = re.findall(r'<h2 id="(letter-[^"]+)">', text)
    assert headings == ["letter-0-9", "letter-d", "letter-i", "letter-m"]
    assert '<dt id="ddos"><abbr title="Distributed denial of service">DDoS</abbr></dt>' in text
    assert '<dt id="malware">Malware</dt>' in text
    assert text.index('id="ddos"') < text.index('id="dos"') < text.index('id="ip"')
    assert '<a href="#letter-d">D</a>' in text and "<span>Z</span>" in text


def test_the_glossary_costs_one_query(client, glossary, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/glossary/")
    assert response.status_code == 200
    assert "Distributed denial of service" in response.text


def test_the_sitemap_lists_the_finder_the_glossary_and_every_offence(client, offences):
    text = client.get("/sitemap.xml").text
    for path in ("/offences/", "/glossary/", "/offences/test-s1/", "/offences/test-s127/"):
        assert f"{path}</loc>" in text, path


def test_every_page_links_to_the_finder_and_the_glossary(client, offences):
    text = client.get("/").text
    assert '<a href="/offences/">Offence finder</a>' in text
    assert '<a href="/glossary/">Glossary</a>' in text


@pytest.fixture
def communications(make_type, make_offence, make_act):
    """A limb repealed on 31 January 2024, the surviving limb and the new offence."""
    messages = make_type("communications", category="cyber-enabled")
    act = make_act("Malicious Communications Act", 1988, 27)
    new = make_offence(
        "s179",
        "False communications",
        act=make_act("Online Safety Act", 2023, 50),
        types=[messages],
        in_force_from=date(2024, 1, 31),
        penalty_source="s179(5)–(6)",
    )
    surviving = make_offence("s1(1)(a)(i)", "Grossly offensive messages", act=act, types=[messages])
    repealed = make_offence(
        "s1(1)(a)(iii)",
        "False information",
        act=act,
        types=[messages],
        source=surviving.source,
        in_force_until=date(2024, 1, 31),
    )
    repealed.replaced_by.set([new])
    return {"new": new, "surviving": surviving, "repealed": repealed}


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2023-12-01", ["Grossly offensive messages", "False information"]),
        ("2024-01-30", ["Grossly offensive messages", "False information"]),
        ("2024-01-31", ["False communications", "Grossly offensive messages"]),
        ("2025-06-01", ["False communications", "Grossly offensive messages"]),
    ],
)
def test_the_finder_lists_the_offences_in_force_on_the_day_of_the_conduct(
    client, communications, day, expected
):
    response = client.get(f"/offences/?on={day}")
    assert response.status_code == 200
    assert row_titles(response) == expected
    assert f'name="on" value="{day}"' in response.text
    assert "Offences in force on" in response.text


def test_a_repealed_limb_says_when_it_stopped_and_what_replaced_it(client, communications):
    response = client.get("/offences/?on=2023-12-01")
    assert "For conduct before 31 January 2024. Later conduct:" in response.text
    assert 'href="/offences/test-s179/">Online Safety Act 2023, s179</a>' in response.text


def test_without_a_date_the_finder_lists_the_offences_in_force_today(client, communications):
    response = client.get("/offences/")
    assert row_titles(response) == ["False communications", "Grossly offensive messages"]
    assert "Offences in force today" in response.text


@pytest.mark.parametrize(
    "value", ["2024-02-30", "yesterday", "31/01/2024", "99999-01-01", "2024-1-31x", "\x00"]
)
def test_a_date_that_cannot_be_read_gives_a_notice_and_todays_list(client, communications, value):
    response = client.get("/offences/", {"on": value})
    assert response.status_code == 200
    assert "is not a date we can read" in response.text
    assert row_titles(response) == ["False communications", "Grossly offensive messages"]


def test_the_date_combines_with_the_other_filters(client, communications):
    response = client.get("/offences/?on=2023-12-01&type=communications&trial=either-way")
    assert row_titles(response) == ["Grossly offensive messages", "False information"]


def test_an_offence_page_cites_the_subsection_for_its_maximums(client, communications):
    response = client.get("/offences/test-s179/")
    assert "Where the maximums come from" in response.text
    assert (
        '<a href="https://www.legislation.gov.uk/ukpga/2023/50/section/179" rel="noopener">'
        "Online Safety Act 2023, s179(5)–(6)" in response.text
    )
    assert "From 31 January 2024" in response.text
    assert "What applied before" in response.text
    assert 'href="/offences/test-s1-1-a-iii/"' in response.text


def test_a_repealed_limb_page_points_to_its_replacement_and_its_section(client, communications):
    response = client.get("/offences/test-s1-1-a-iii/")
    assert "For conduct before 31 January 2024." in response.text
    assert 'href="/offences/test-s179/">False communications (Online Safety Act 2023, s179)' in (
        response.text
    )
    assert "Other parts of the same section" in response.text
    assert 'href="/offences/test-s1-1-a-i/"' in response.text


def test_maximums_set_in_a_schedule_link_to_the_schedule(client, make_offence, make_act):
    make_offence(
        "s4",
        "Supplying a controlled drug",
        act=make_act("Misuse of Drugs Act", 1971, 38),
        maximum_on_summary_conviction="Imprisonment or a fine, or both (the term is in Sch 4)",
        penalty_source="Sch 4",
    )
    response = client.get("/offences/test-s4/")
    assert (
        '<a href="https://www.legislation.gov.uk/ukpga/1971/38/schedule/4" rel="noopener">'
        "Misuse of Drugs Act 1971, Sch 4" in response.text
    )


def test_an_offence_page_names_the_consent_a_prosecution_needs(client, make_offence, make_act):
    make_offence(
        "s3",
        "Unlawful interception",
        act=make_act("Investigatory Powers Act", 2016, 25),
        maximum_on_summary_conviction="A fine",
        penalty_source="s3(6)",
        consent="the Director of Public Prosecutions (s3(7))",
    )
    response = client.get("/offences/test-s3/")
    assert "Needs the consent of the Director of Public Prosecutions (s3(7))" in response.text
