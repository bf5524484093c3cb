"""The shipped offence data and glossary: the annexes agree with it, every offence names
the pages that discuss it, and every offence page of the guidance has its offences."""

import re

import pytest
from django.conf import settings

from offences.models import Act, Category, CybercrimeType, GlossaryTerm, ModeOfTrial, Offence

from .test_annex_tables import read_tables

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "category"),
    [("guidance/annex-a", Category.CYBER_DEPENDENT), ("guidance/annex-b", Category.CYBER_ENABLED)],
)
def test_annexes_a_and_b_are_the_offence_data(shipped_content, path, category):
    rows = read_tables(shipped_content[path].body_html).rows[1:]
    expected = [
        [
            crime_type.name,
            offence.title,
            offence.citation,
            offence.get_mode_of_trial_display(),
            offence.maximum,
        ]
        for crime_type in CybercrimeType.objects.filter(category=category)
        for offence in crime_type.offences.select_related("act")
        if offence.in_force_today
    ]
    assert rows == expected
    assert len(rows) >= 9


def test_annex_c_is_the_glossary(shipped_content):
    tables = read_tables(shipped_content["guidance/annex-c"].body_html)
    abbreviations = [row[0] for row in tables.rows if len(row) == 3][1:]
    terms = [row[0] for row in tables.rows if len(row) == 2][1:]
    assert abbreviations == list(
        GlossaryTerm.objects.exclude(abbreviation="").values_list("abbreviation", flat=True)
    )
    assert terms == list(
        GlossaryTerm.objects.filter(abbreviation="").values_list("term", flat=True)
    )
    assert len(abbreviations) + len(terms) >= 40


def test_every_offence_is_in_an_annex_and_on_a_public_guidance_page(shipped_content):
    for offence in Offence.objects.prefetch_related("cybercrime_types", "guidance_pages"):
        assert offence.cybercrime_types.exists(), offence
        pages = list(offence.guidance_pages.all())
        assert pages and all(page.is_published for page in pages), offence


def test_every_offence_page_of_the_guidance_shows_its_offences(shipped_content, client):
    for path in (
        "guidance/cyber-dependent-crimes/hacking",
        "guidance/cyber-dependent-crimes/disruption-of-computer-functionality",
        "guidance/cyber-enabled-crimes/economic-related-cybercrime",
        "guidance/cyber-enabled-crimes/malicious-and-offensive-communications",
        "guidance/cyber-enabled-crimes/offences-targeting-individuals",
        "guidance/cyber-enabled-crimes/child-sexual-offences-and-indecent-images",
        "guidance/cyber-enabled-crimes/extreme-pornography-and-obscene-publications",
    ):
        assert "Offences on this page" in client.get(f"/{path}/").text, path


def test_the_modes_of_trial_and_maximums_hang_together(shipped_content):
    for offence in Offence.objects.all():
        offence.full_clean()  # the same checks as the import and the admin
        if offence.mode_of_trial == ModeOfTrial.EITHER_WAY:
            assert offence.maximum_on_summary_conviction and offence.maximum_on_indictment


def test_the_first_use_of_an_abbreviation_is_marked_on_shipped_pages(shipped_content):
    html = shipped_content[
        "guidance/cyber-dependent-crimes/disruption-of-computer-functionality"
    ].body_html
    assert '<a class="abbreviation" href="/glossary/#ddos"><abbr title=' in html
    assert html.count('href="/glossary/#ddos"') == 1


def shipped_rows():
    import yaml

    from offences.data_files import DataLoader

    text = (settings.CONTENT_DIR / "offences.yaml").read_text(encoding="utf-8")
    return yaml.load(text, Loader=DataLoader)["offences"]  # noqa: S506 (a SafeLoader)


@pytest.mark.parametrize("row", shipped_rows(), ids=lambda row: row["slug"])
def test_every_offence_row_is_cited_dated_and_consistent(row):
    from datetime import date

    from offences.models import PENALTY_SOURCE_RE, SOURCE_RE

    assert SOURCE_RE.match(row["source"]), row["source"]
    assert PENALTY_SOURCE_RE.match(row["penalty_source"]), row["penalty_source"]
    started = date.fromisoformat(row["in_force_from"]) if "in_force_from" in row else None
    ended = date.fromisoformat(row["in_force_until"]) if "in_force_until" in row else None
    if started and ended:
        assert started < ended
    if ended:
        assert row.get("replaced_by") or row.get("transition_note")
    trial = row["mode_of_trial"]
    assert bool(row.get("maximum_on_indictment")) == (trial != ModeOfTrial.SUMMARY_ONLY)
    assert bool(row.get("maximum_on_summary_conviction")) == (trial != ModeOfTrial.INDICTMENT_ONLY)


@pytest.mark.parametrize(
    ("day", "present", "absent"),
    [
        (
            "2023-12-01",
            [
                "malicious-communications-act-1988-s1",
                "malicious-communications-act-1988-s1-threats-and-false-information",
                "communications-act-2003-s127",
                "communications-act-2003-s127-2-a-b",
            ],
            ["online-safety-act-2023-s179", "online-safety-act-2023-s181"],
        ),
        (
            "2025-06-01",
            [
                "online-safety-act-2023-s179",
                "online-safety-act-2023-s181",
                "online-safety-act-2023-s183",
                "online-safety-act-2023-s184",
                "sexual-offences-act-2003-s66a",
                "malicious-communications-act-1988-s1",
                "communications-act-2003-s127",
            ],
            [
                "malicious-communications-act-1988-s1-threats-and-false-information",
                "communications-act-2003-s127-2-a-b",
            ],
        ),
    ],
)
def test_the_shipped_finder_follows_the_online_safety_act_changes(
    shipped_content, client, day, present, absent
):
    html = client.get(f"/offences/?on={day}").text
    for slug in present:
        assert f'<tr id="{slug}">' in html, slug
    for slug in absent:
        assert f'<tr id="{slug}">' not in html, slug


@pytest.mark.parametrize(
    ("day", "listed"),
    [("2026-02-05", False), ("2026-02-06", True), ("2026-07-01", True)],
)
def test_the_sexual_deepfake_offences_apply_from_6_february_2026(
    shipped_content, client, day, listed
):
    """Sexual Offences Act 2003 ss66E-66F, inserted by the Data (Use and Access) Act 2025
    s138: summary only, the maximum term for summary offences or a fine."""
    html = client.get(f"/offences/?on={day}").text
    for slug in ("sexual-offences-act-2003-s66e", "sexual-offences-act-2003-s66f"):
        assert (f'<tr id="{slug}">' in html) == listed, slug
        offence = Offence.objects.get(slug=slug)
        assert offence.mode_of_trial == ModeOfTrial.SUMMARY_ONLY
        assert "6 months" in offence.maximum_on_summary_conviction
        assert "s66G(8)" in offence.penalty_source


def test_unlawful_interception_is_a_fine_only_in_the_magistrates_court(shipped_content, client):
    offence = Offence.objects.get(slug="investigatory-powers-act-2016-s3")
    assert offence.maximum_on_summary_conviction == "A fine"
    assert offence.penalty_source == "s3(6)"
    assert "Director of Public Prosecutions" in offence.consent


SECTION_RE = re.compile(r"\b(?:sections?\s|ss?)(\d+[A-Z]*)(?:\((\d+)\))?")
DURATION_RE = re.compile(r"(?<!within )\b(\d+)[ -](year|month)s?\b")


def prose_sentences(text):
    """(sentence, the Acts it may refer to) for every sentence and table row of a Markdown
    page: the Acts it names, or else the last Act named before it on the page."""
    acts = {act.title: act for act in Act.objects.all()}
    act_re = re.compile("|".join(re.escape(title) for title in acts))
    current = []
    for line in text.splitlines():
        for sentence in re.split(r"(?<=[.!?])\s+", line):
            named = act_re.findall(sentence)
            if named:
                current = [acts[title].pk for title in named]
            yield sentence, current


def test_no_page_states_a_maximum_that_disagrees_with_the_offence_data(shipped_content):
    offences = list(Offence.objects.select_related("act"))
    disagreements = []
    for path in sorted(settings.CONTENT_DIR.glob("**/*.md")):
        text = path.read_text(encoding="utf-8")
        for sentence, acts in prose_sentences(text):
            durations = {f"{n} {unit}" for n, unit in DURATION_RE.findall(sentence)}
            references = SECTION_RE.findall(sentence)
            if not (durations and references and acts):
                continue
            matching = [
                offence
                for number, subsection in references
                for offence in offences
                if offence.act_id in acts
                and re.match(rf"{number}(?![0-9A-Z])", offence.section.lstrip("s"))
                and (not subsection or f"({subsection})" in offence.section)
            ]
            if not matching:
                continue
            stated = " ".join(
                f"{o.maximum_on_summary_conviction} {o.maximum_on_indictment}" for o in matching
            )
            for duration in durations:
                if duration not in stated:
                    disagreements.append(f"{path.name}: {duration}: {sentence.strip()[:120]}")
    assert disagreements == []


@pytest.mark.parametrize(
    ("slug", "penalty_source", "consent"),
    [
        ("data-protection-act-2018-s170", "s196(2)", "Director of Public Prosecutions"),
        ("criminal-justice-act-1988-s160", "s160(2A), (3)", "Director of Public Prosecutions"),
        ("public-order-act-1986-s29b", "s29L(3)–(4)", "Attorney General"),
        ("public-order-act-1986-s29c", "s29L(3)–(4)", "Attorney General"),
    ],
)
def test_penalties_and_consents_set_outside_the_offence_name_their_subsection(
    shipped_content, slug, penalty_source, consent
):
    offence = Offence.objects.get(slug=slug)
    assert offence.penalty_source == penalty_source
    assert consent in offence.consent


def test_no_summary_maximum_is_a_ceiling_guessed_from_the_general_limit(shipped_content):
    for offence in Offence.objects.all():
        assert "at most 12 months" not in offence.maximum_on_summary_conviction, offence
