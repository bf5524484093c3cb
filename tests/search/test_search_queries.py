"""What readers type finds the right pages, and nothing they type can break the search."""

import pytest

from search import registry
from search.searching import run_search

pytestmark = pytest.mark.django_db


def strip_marks(html):
    return html.replace("<mark>", "").replace("</mark>", "")


def titles(text, kind=""):
    outcome = run_search(text, kind, per_page=50)
    if outcome.page is None:
        return []
    return [strip_marks(result.title_html) for result in outcome.page.object_list]


@pytest.fixture
def library(make_page):
    root = make_page("Guidance", slug="guidance", body="Prosecution guidance on cybercrime.")
    return {
        "hacking": make_page(
            "Hacking",
            parent=root,
            body="Unauthorised access to computer material is an offence.\n\n"
            "## Penalties\n\nUp to two years.",
        ),
        "email": make_page(
            "Someone got into my email",
            parent=root,
            body="If your account was hacked, change your password.",
        ),
        "body_mention": make_page(
            "Protecting your devices",
            parent=root,
            body="Updates keep criminals out. Phishing messages try to steal passwords. "
            "Some attackers use ransomware.",
        ),
        "phishing": make_page("Phishing", parent=root, body="How scams by message work."),
        "section": make_page(
            "Serious damage",
            parent=root,
            body="The offence under s.3ZA of the Computer Misuse Act 1990 (CMA) covers acts "
            "causing serious damage.",
        ),
        "communications": make_page(
            "Malicious communications",
            parent=root,
            body="Section 127 of the Communications Act 2003 covers grossly offensive messages.",
        ),
        "ddos": make_page(
            "Denial of service",
            parent=root,
            body="A DDoS attack floods a website with traffic.",
        ),
        "phrase_split": make_page(
            "Misuse of data",
            parent=root,
            body="Misuse of data held on a computer can be a crime.",
        ),
    }


def test_a_title_match_ranks_above_a_body_match(library):
    assert titles("phishing")[:2] == ["Phishing", "Protecting your devices"]


def test_stemming_finds_other_forms_of_a_word(library):
    assert "Someone got into my email" in titles("hacking")
    assert "Hacking" in titles("hacked")


def test_a_quoted_phrase_only_finds_the_words_together(library):
    assert titles('"computer misuse"') == ["Serious damage"]
    outcome = run_search("computer misuse")
    assert outcome.total_with_all_words == 2
    first_two = {strip_marks(result.title_html) for result in outcome.page.object_list[:2]}
    assert first_two == {"Serious damage", "Misuse of data"}


@pytest.mark.parametrize("typed", ["section 3ZA", "s.3ZA", "s3za", "3ZA", "S. 3za"])
def test_a_section_number_finds_the_page_however_it_is_written(library, typed):
    assert titles(typed) == ["Serious damage"]


@pytest.mark.parametrize("typed", ["s.127", "s127", "section 127", "s 127"])
def test_a_section_written_in_full_is_found_by_its_short_form(library, typed):
    assert titles(typed) == ["Malicious communications"]


@pytest.mark.parametrize("typed", ["DDoS", "ddos", "CMA"])
def test_an_abbreviation_finds_the_pages_that_use_it(library, typed):
    assert len(titles(typed)) == 1


def test_when_few_pages_have_every_word_pages_with_some_of_them_follow(library, make_page):
    make_page("Ransomware demands", body="Criminals lock files and demand payment.")
    make_page("Paying criminals", body="Never pay a ransomware demand.")
    outcome = run_search("ransomware payment")
    assert outcome.match_any
    assert outcome.total_with_all_words == 1
    urls = [result.url for result in outcome.page.object_list]
    assert urls[0] == "/ransomware-demands/"  # the only page with both words comes first
    assert set(urls[1:]) == {"/paying-criminals/", "/guidance/protecting-your-devices/"}


def test_words_not_all_on_one_page_fall_back_to_pages_with_some_of_them(library):
    outcome = run_search("ransomware giraffe")
    assert outcome.match_any
    assert [r.url for r in outcome.page.object_list] == ["/guidance/protecting-your-devices/"]


def test_matched_words_are_marked_in_the_title_and_snippet(library):
    (result,) = run_search("email").page.object_list
    assert str(result.title_html) == "Someone got into my <mark>email</mark>"
    outcome = run_search("hacked account")
    result = outcome.page.object_list[0]
    assert "<mark>hacked</mark>" in result.snippet_html
    assert "<mark>account</mark>" in result.snippet_html


def test_a_snippet_escapes_what_the_page_says(make_page):
    make_page("Cross-site scripting", body="Typing `<script>alert(1)</script>` into a form.")
    (result,) = run_search("alert").page.object_list
    assert "<script>" not in result.snippet_html
    assert "&lt;script&gt;<mark>alert</mark>(1)&lt;/script&gt;" in result.snippet_html


def test_only_common_words_are_reported_rather_than_searched(library):
    outcome = run_search("what is the")
    assert outcome.page is None
    assert outcome.query.only_common_words


HOSTILE_QUERIES = [
    '"',
    '"""',
    '"unclosed phrase',
    "*",
    "hack*",
    "-hacking",
    "title:hacking",
    "hacking NEAR email",
    "NEAR(hacking email)",
    "(hacking OR email) AND NOT phishing",
    "^hacking",
    "hacking & | ! <-> :* email",
    "'; DROP TABLE search_searchdocument; --",
    "ünïcödé ΚΑΛΗΜΕΡΑ 日本語 العربية",
    "😀🔥💻",
    "hacking\x00email",
    "\x00",
    "a" * 10_000,
    "hacking " * 2_000,
    "s." * 500,
    "section " * 300,
    "\u200b\u202e\ufeff",
]


@pytest.mark.parametrize("typed", HOSTILE_QUERIES)
def test_no_query_breaks_the_search(library, typed):
    outcome = run_search(typed)
    assert len(outcome.query.text) <= 200


def test_operators_are_searched_as_words_not_obeyed(library):
    assert titles("-hacking") == titles("hacking")
    assert titles("hack*") == titles("hack")
    assert "Hacking" in titles("(hacking OR nonsenseword)")


def test_the_kind_of_an_item_is_not_a_word_it_contains(make_page):
    make_page("Hacking", body="Unauthorised access.")
    assert titles("guidance") == []
    assert titles("hacking", kind="guidance") == ["Hacking"]


def test_an_abbreviation_from_the_glossary_finds_pages_that_spell_it_out(
    library, make_page, monkeypatch
):
    make_page("Jurisdiction", body="The Computer Misuse Act reaches acts done abroad.")
    assert titles("CMA") == ["Serious damage"]
    monkeypatch.setattr(
        registry, "_abbreviation_sources", [lambda: {"CMA": ["Computer Misuse Act"]}]
    )
    assert set(titles("CMA")) == {"Serious damage", "Jurisdiction"}
