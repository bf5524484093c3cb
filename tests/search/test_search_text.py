"""How text is prepared for the index and how queries are cleaned."""

import pytest

from search.highlight import query_stems, snippet
from search.query import MAX_QUERY_LENGTH, parse_query
from search.text import html_to_text, section_keywords


def test_html_becomes_readable_text_one_block_per_line():
    html = (
        "<h2>Offences</h2><p>Unauthorised <strong>access</strong> &amp; more.</p>"
        '<ol><li>One<a class="footnote-backref" href="#fnref:1">↩</a></li><li>Two</li></ol>'
    )
    assert html_to_text(html) == "Offences\nUnauthorised access & more.\nOne\nTwo"


def test_html_text_reads_tags_whose_attributes_hold_angle_brackets():
    html = '<p>See <abbr title="a > b">AB</abbr> and <a href="/x" title=\'<y>\'>this</a>.</p>'
    assert html_to_text(html) == "See AB and this."


def test_html_text_loses_control_characters():
    assert html_to_text("<p>a\x00b\x07c</p>") == "a b c"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("an offence under s.127", "section 127"),
        ("under s127 of the Act", "section 127"),
        ("s3ZA of the Computer Misuse Act", "section 3za"),
        ("see sections 1 and 2", "section 1"),
        ("ss41–42 of the Serious Crime Act 2015", "section 41"),
        ("s5(1A) widened it", "section 5"),
        ("sec. 4 applies", "section 4"),
        ("Julius's 3 cats and the 1990s 20", ""),
    ],
)
def test_section_references_are_written_out_for_the_index(text, expected):
    assert section_keywords(text).split("\n")[0] == expected


def test_a_query_keeps_words_and_quoted_phrases_and_drops_everything_else():
    query = parse_query('"computer misuse" NEAR(hack*) -email: ^act 😀')
    assert [term.words for term in query.terms] == [
        ("computer", "misuse"),
        ("near",),
        ("hack",),
        ("email",),
        ("act",),
    ]


def test_a_query_turns_section_references_into_phrases():
    query = parse_query("s.127 and section 3ZA")
    assert [term.words for term in query.terms] == [("section", "127"), ("section", "3za")]


def test_a_long_query_is_cut_and_says_so():
    query = parse_query("word " * 1000)
    assert query.shortened
    assert len(query.text) <= MAX_QUERY_LENGTH


def test_an_abbreviation_also_searches_for_its_meaning():
    query = parse_query("DDoS", {"ddos": ["distributed denial of service"]})
    (term,) = query.terms
    assert term.phrasings == (("ddos",), ("distributed", "denial", "of", "service"))


@pytest.mark.parametrize(
    "html",
    [
        "<p>Plain words.</p><ul><li>One</li><li>Two</li></ul>",
        '<table><tr><th scope="col">A</th><td>b</td></tr></table><h3 id="x">Head</h3>',
        '<p>See <abbr title="a <p> b">AB</abbr> and <A HREF="/x">this</A>.</p>',
        "<p>Tabs\tand  double  spaces\f and\x0bothers</p>",
        '<p>Ends<a class="footnote-backref" href="#r">↩</a> and <a href="/y">a link</a></p>',
        "<p>footnote-backref as a word, not a link</p>",
    ],
)
def test_html_text_is_what_reading_it_tag_by_tag_gives(html):
    """The one-substitution reading agrees with the tag-by-tag one it speeds up."""
    import html as entities

    from search.text import _html_text, _html_text_parts, clean_text

    tag_by_tag = "".join(_html_text_parts(html))
    assert _html_text(html) == tag_by_tag
    assert html_to_text(html) == clean_text(entities.unescape(tag_by_tag))


def test_clean_text_squeezes_every_run_of_spaces_and_tabs():
    from search.text import clean_text

    assert clean_text("a  b\t\tc \t d\fe\x0bf g") == "a b c d e f g"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Keep the evidence_log and the EVIDENCE, s.127.",
            "Keep the <mark>evidence</mark>_log and the <mark>EVIDENCE</mark>, s.127.",
        ),
        (
            "Gardez la preuve (évidence) et le café: evidence², evidence.",
            "… preuve (évidence) et le <mark>café</mark>: evidence², <mark>evidence</mark>.",
        ),
    ],
)
def test_a_snippet_marks_the_same_words_in_ascii_and_in_any_script(text, expected):
    # ASCII text is cut into words by a faster expression than the one for any script.
    stems = query_stems({"evidence", "café"}, "english")
    assert snippet(text, stems, "english") == expected
