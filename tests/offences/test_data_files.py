"""content/offences.yaml and content/glossary.yaml: imported with the pages, exported byte
for byte, and a bad row stops the whole import with an error naming it."""

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from guidance.models import GuidancePage
from offences.models import Act, CybercrimeType, GlossaryTerm, Offence

pytestmark = pytest.mark.django_db

OFFENCES_YAML = """\
acts:
- name: Computer Misuse Act
  year: 1990
  chapter: 18
cybercrime_types:
- slug: hacking
  name: Hacking
  category: cyber-dependent
offences:
- slug: computer-misuse-act-1990-s1
  act: Computer Misuse Act 1990
  section: s1
  title: Unauthorised access to computer material
  conduct: Getting into a computer without permission.
  category: cyber-dependent
  mode_of_trial: either-way
  maximum_on_summary_conviction: 12 months and/or a fine (general limit)
  maximum_on_indictment: 2 years
  longest_sentence: 2 years
  source: https://www.legislation.gov.uk/ukpga/1990/18/section/1
  penalty_source: s1(3)
  cybercrime_types:
  - hacking
  guidance_pages:
  - guidance/hacking
- slug: computer-misuse-act-1990-s3za
  act: Computer Misuse Act 1990
  section: s3ZA
  title: Unauthorised acts causing serious damage
  conduct: Serious damage.
  category: cyber-dependent
  mode_of_trial: indictment-only
  maximum_on_indictment: 14 years; life where the damage is to human welfare
  longest_sentence: life
  source: https://www.legislation.gov.uk/ukpga/1990/18/section/3ZA
  penalty_source: s3ZA(6)–(7)
  in_force_from: 2015-05-03
"""
GLOSSARY_YAML = """\
terms:
- term: Distributed denial of service
  abbreviation: DDoS
  definition: An attack from many computers at once.
- term: Malware
  definition: Malicious software.
"""
PAGE = "---\ntitle: {title}\nstatus: published\n---\nA DDoS attack.\n"


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def content_dir(tmp_path):
    root = tmp_path / "content"
    write(root / "guidance/index.md", PAGE.format(title="Guidance"))
    write(root / "guidance/hacking.md", PAGE.format(title="Hacking"))
    write(root / "offences.yaml", OFFENCES_YAML)
    write(root / "glossary.yaml", GLOSSARY_YAML)
    return root


def run_import(directory, *args):
    out = StringIO()
    call_command("import_content", str(directory), *args, stdout=out)
    return out.getvalue()


def test_import_creates_offences_with_their_act_types_and_pages(content_dir):
    run_import(content_dir)
    offence = Offence.objects.get(slug="computer-misuse-act-1990-s1")
    assert offence.citation == "Computer Misuse Act 1990, s1"
    assert offence.get_mode_of_trial_display() == "Either way"
    assert [t.slug for t in offence.cybercrime_types.all()] == ["hacking"]
    assert [p.path for p in offence.guidance_pages.all()] == ["guidance/hacking"]
    serious = Offence.objects.get(slug="computer-misuse-act-1990-s3za")
    assert serious.life_sentence and serious.maximum_on_summary_conviction == ""
    assert GlossaryTerm.objects.get(abbreviation="DDoS").slug == "ddos"


def test_pages_imported_before_the_glossary_are_rendered_with_it(content_dir):
    run_import(content_dir)
    page = GuidancePage.objects.get(path="guidance/hacking")
    assert '<abbr title="Distributed denial of service">DDoS</abbr>' in page.body_html


def test_a_second_import_changes_nothing(content_dir):
    run_import(content_dir)
    output = run_import(content_dir)
    assert "glossary: 0 created, 0 updated, 2 unchanged, 0 removed" in output
    assert "offences: 0 created, 0 updated, 4 unchanged, 0 removed" in output


def test_an_edited_row_updates_its_offence(content_dir):
    run_import(content_dir)
    text = OFFENCES_YAML.replace("  - guidance/hacking\n", "  - guidance\n")
    write(
        content_dir / "offences.yaml", text.replace("title: Unauthorised access", "title: Access")
    )
    output = run_import(content_dir)
    offence = Offence.objects.get(slug="computer-misuse-act-1990-s1")
    assert offence.title.startswith("Access")
    assert [p.path for p in offence.guidance_pages.all()] == ["guidance"]
    assert "1 updated" in output


def test_prune_removes_offences_and_terms_whose_rows_are_gone(content_dir):
    run_import(content_dir)
    write(
        content_dir / "offences.yaml",
        OFFENCES_YAML.split("- slug: computer-misuse-act-1990-s3za")[0],
    )
    write(content_dir / "glossary.yaml", "terms: []\n")
    run_import(content_dir, "--prune")
    assert list(Offence.objects.values_list("slug", flat=True)) == ["computer-misuse-act-1990-s1"]
    assert not GlossaryTerm.objects.exists()


def test_export_after_import_reproduces_the_data_files_byte_for_byte(tmp_path):
    run_import(settings.CONTENT_DIR)
    exported = tmp_path / "exported"
    call_command("export_content", str(exported), stdout=StringIO())
    for name in ("offences.yaml", "glossary.yaml"):
        original = Path(settings.CONTENT_DIR) / name
        assert (exported / name).read_bytes() == original.read_bytes(), name


def replace_in_first_offence(old, new):
    assert old in OFFENCES_YAML
    return OFFENCES_YAML.replace(old, new, 1)


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "offences.yaml",
            replace_in_first_offence("mode_of_trial: either-way", "mode_of_trial: sometimes"),
            "offences.yaml:16: offences row 1 ('computer-misuse-act-1990-s1'): "
            "'mode_of_trial' must be one of: summary-only, either-way, indictment-only",
        ),
        (
            "offences.yaml",
            replace_in_first_offence("act: Computer Misuse Act 1990", "act: Computer Act 1990"),
            "offences.yaml:11: offences row 1 ('computer-misuse-act-1990-s1'): no act "
            "'Computer Act 1990' in the acts list",
        ),
        (
            "offences.yaml",
            replace_in_first_offence("  - guidance/hacking", "  - guidance/nowhere"),
            "offences row 1 ('computer-misuse-act-1990-s1'): no guidance page at "
            "'guidance/nowhere'",
        ),
        (
            "offences.yaml",
            replace_in_first_offence("  - hacking", "  - phreaking"),
            "no cybercrime type 'phreaking'",
        ),
        (
            "offences.yaml",
            replace_in_first_offence("longest_sentence: 2 years", "longest_sentence: two years"),
            "offences.yaml:19: offences row 1 ('computer-misuse-act-1990-s1'): "
            "'longest_sentence' must be 'life', 'fine only'",
        ),
        (
            "offences.yaml",
            replace_in_first_offence("longest_sentence: 2 years", "longest_sentence: 5 years"),
            "The longest sentence (5 years) is not what the maximum says (“2 years”)",
        ),
        (
            "offences.yaml",
            replace_in_first_offence("mode_of_trial: either-way", "mode_of_trial: summary-only"),
            "A summary-only offence has no maximum on indictment",
        ),
        (
            "offences.yaml",
            OFFENCES_YAML.replace("-s3za\n", "-s1\n"),
            "offences row 2 ('computer-misuse-act-1990-s1'): the same slug as row 1",
        ),
        (
            "offences.yaml",
            replace_in_first_offence("  section: s1\n", "  section: s1\n  penalty: 2 years\n"),
            "offences.yaml:13: offences row 1 ('computer-misuse-act-1990-s1'): unknown key "
            "'penalty'",
        ),
        (
            "offences.yaml",
            replace_in_first_offence(
                "  conduct: Getting into a computer without permission.\n", ""
            ),
            "'conduct' is missing or empty",
        ),
        (
            "offences.yaml",
            replace_in_first_offence(
                "  source: https://www.legislation.gov.uk/ukpga/1990/18/section/1\n", ""
            ),
            "offences row 1 ('computer-misuse-act-1990-s1'): 'source' is missing or empty",
        ),
        (
            "offences.yaml",
            replace_in_first_offence("  penalty_source: s1(3)\n", ""),
            "offences row 1 ('computer-misuse-act-1990-s1'): 'penalty_source' is missing",
        ),
        (
            "offences.yaml",
            replace_in_first_offence("penalty_source: s1(3)", "penalty_source: the Act"),
            "Give the subsection or subsections that set the maxima",
        ),
        (
            "offences.yaml",
            replace_in_first_offence(
                "ukpga/1990/18/section/1", "ukpga/1990/18/section/1?view=plain"
            ),
            "Give the section's address on legislation.gov.uk",
        ),
        (
            "offences.yaml",
            replace_in_first_offence("ukpga/1990/18/section/1", "ukpga/2006/35/section/1"),
            "The address is not a section of the Computer Misuse Act 1990",
        ),
        (
            "offences.yaml",
            replace_in_first_offence(
                "  penalty_source: s1(3)\n",
                "  penalty_source: s1(3)\n  in_force_until: 2024-01-31\n",
            ),
            "offences row 1 ('computer-misuse-act-1990-s1'): an offence with "
            "'in_force_until' needs 'replaced_by' or 'transition_note'",
        ),
        (
            "offences.yaml",
            replace_in_first_offence(
                "  penalty_source: s1(3)\n",
                "  penalty_source: s1(3)\n  in_force_from: 2024-02-30\n",
            ),
            "'in_force_from' must be a date written like 2024-01-31",
        ),
        (
            "offences.yaml",
            replace_in_first_offence(
                "  penalty_source: s1(3)\n",
                "  penalty_source: s1(3)\n  in_force_from: 2024-02-01\n"
                "  in_force_until: 2024-01-31\n  transition_note: Repealed.\n",
            ),
            "'in_force_until' must come after 'in_force_from'",
        ),
        (
            "offences.yaml",
            replace_in_first_offence(
                "  penalty_source: s1(3)\n",
                "  penalty_source: s1(3)\n  in_force_until: 2024-01-31\n"
                "  replaced_by:\n  - no-such-offence\n",
            ),
            "no other offence 'no-such-offence' to replace it",
        ),
        (
            "offences.yaml",
            replace_in_first_offence(
                "  penalty_source: s1(3)\n", "  penalty_source: s1(3)\n  transition_note: Gone.\n"
            ),
            "'replaced_by' and 'transition_note' belong to an offence with 'in_force_until'",
        ),
        ("offences.yaml", OFFENCES_YAML.replace("  year: 1990", "  year: nineteen"), "acts row 1"),
        ("offences.yaml", "acts: [unclosed\n", "offences.yaml:2"),
        ("offences.yaml", "acts: []\nstatutes: []\n", "offences.yaml:2: unknown list 'statutes'"),
        ("offences.yaml", "- just a list\n", "the file must hold the lists"),
        (
            "glossary.yaml",
            GLOSSARY_YAML.replace(
                "- term: Malware\n  definition: Malicious software.\n", "- term: Malware\n"
            ),
            "glossary.yaml:5: terms row 2 ('Malware'): A term without an abbreviation needs a "
            "definition",
        ),
        (
            "glossary.yaml",
            GLOSSARY_YAML + "- term: Dist. denial of service\n  abbreviation: DDoS\n",
            "terms row 3 ('Dist. denial of service'): the same anchor as row 1",
        ),
        (
            "glossary.yaml",
            GLOSSARY_YAML.replace("abbreviation: DDoS", "abbreviation: D D o S"),
            "An abbreviation is one word",
        ),
    ],
)
def test_a_bad_row_is_named_and_nothing_is_imported(content_dir, name, text, expected):
    write(content_dir / name, text)
    with pytest.raises(CommandError) as error:
        run_import(content_dir)
    assert expected in str(error.value)
    assert "Nothing was imported" in str(error.value)
    assert not GuidancePage.objects.exists()
    assert not Offence.objects.exists() and not Act.objects.exists()
    assert not CybercrimeType.objects.exists() and not GlossaryTerm.objects.exists()


def test_a_bad_row_after_an_earlier_import_changes_nothing(content_dir):
    run_import(content_dir)
    write(content_dir / "offences.yaml", OFFENCES_YAML.replace("2 years", "3 years", 1))
    write(
        content_dir / "glossary.yaml",
        GLOSSARY_YAML.replace("abbreviation: DDoS", "abbreviation: ?"),
    )
    with pytest.raises(CommandError):
        run_import(content_dir)
    assert Offence.objects.get(section="s1").maximum_on_indictment == "2 years"


def test_an_ended_offence_names_the_offences_that_replaced_it(content_dir):
    ended = replace_in_first_offence(
        "  penalty_source: s1(3)\n",
        "  penalty_source: s1(3)\n  in_force_until: 2024-01-31\n  replaced_by:\n"
        "  - computer-misuse-act-1990-s3za\n",
    )
    write(content_dir / "offences.yaml", ended)
    run_import(content_dir)
    offence = Offence.objects.get(slug="computer-misuse-act-1990-s1")
    assert str(offence.in_force_until) == "2024-01-31"
    assert [o.slug for o in offence.replaced_by.all()] == ["computer-misuse-act-1990-s3za"]
    assert "offences: 0 created, 0 updated" in run_import(content_dir)
    exported = content_dir.parent / "exported"
    call_command("export_content", str(exported), stdout=StringIO())
    assert (
        "  in_force_until: 2024-01-31\n  replaced_by:\n  - computer-misuse-act-1990-s3za\n"
        in (exported / "offences.yaml").read_text()
    )
