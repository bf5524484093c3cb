"""What a query asks for decides what comes first, on the shipped content: a section
names its offence; "report", "help", "what to do" want the public advice; prosecution
guidance entries come after the pages that hold the substance."""

import pytest

from search.intent import asks_for_help, weights_for
from search.query import parse_query
from search.searching import run_search

pytestmark = pytest.mark.django_db


def urls(text):
    return [result.url for result in run_search(text).first_results]


@pytest.mark.parametrize(
    ("text", "section"),
    [("s.127", "127"), ("section 3ZA", "3za"), ("CMA s1", "1"), ("s 2 Fraud Act", "2")],
)
def test_every_way_of_writing_a_section_is_read_as_one(text, section):
    assert parse_query(text).sections == (section,)


@pytest.mark.parametrize(
    ("text", "helps"),
    [
        ("report a scam text", True),
        ("what to do if I have been scammed", True),
        ("help", True),
        ("my email has been hacked", True),
        ("unauthorised access", False),
        ("maximum sentence for hacking", False),
    ],
)
def test_a_reader_asking_for_help_is_recognised(text, helps):
    assert asks_for_help(parse_query(text)) is helps


def test_a_section_query_weighs_offences_and_not_the_public_advice():
    weights = weights_for(parse_query("report s.127"))
    assert weights.by_kind["offences"] > 1
    assert weights.by_heading == {"section 127": 2.0}
    assert weights.by_url_prefix == {}


def test_on_the_shipped_content_each_query_gets_what_it_asks_for(shipped_content):
    cma = "/prosecution-guidance/computer-misuse-act-1990/"

    found = urls("section 3ZA")
    assert found[0] == "/offences/computer-misuse-act-1990-s3za/"
    assert found.index("/guidance/cyber-dependent-crimes/disruption-of-computer-functionality/") < (
        found.index(cma) if cma in found else len(found)
    )
    assert urls("CMA s1")[0] == "/offences/computer-misuse-act-1990-s1/"
    assert urls("s.127")[0] == "/offences/communications-act-2003-s127/"
    assert urls("s2A Protection from Harassment Act")[0] == (
        "/offences/protection-from-harassment-act-1997-s2a/"
    )

    assert "/advice/reporting-cybercrime/" in urls("report a scam text")[:3]
    assert "/advice/types-of-cybercrime/account-hacking/" in urls("help I've been hacked")[:3]
    assert urls("revenge porn")[0] == "/advice/types-of-cybercrime/intimate-image-abuse/"

    # The offences and guidance pages first; the entry that points to the CPS guidance is
    # still there for whoever filters by its kind.
    assert cma not in urls("computer misuse act")[:3]
    entries = run_search("computer misuse act", "prosecution-guidance").first_results
    assert entries[0].url == cma
