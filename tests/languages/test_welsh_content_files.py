"""name.cy.md beside name.md, glossary.cy.yaml and digital-mot.cy.yaml: imported with the
English, exported back byte for byte, under the same rules (an admin edit is never lost)."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from guidance.models import GuidancePage, PageTranslation
from mot.models import QuestionTranslation
from offences.models import GlossaryTermTranslation
from provenance.models import RefusedImport
from statements.models import StatementTranslation
from tests.content import run_import

pytestmark = pytest.mark.django_db


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def page(title, body, order=None, summary=None):
    lines = [f"title: {title}"]
    if summary:
        lines.append(f"summary: {summary}")
    if order is not None:
        lines += [f"order: {order}", "status: published"]
    return "---\n" + "\n".join(lines) + "\n---\n" + body


MOT_ENGLISH = """\
questions:
- slug: updates
  question: Do your devices install updates automatically?
  answers:
  - value: 'yes'
    label: 'Yes'
    outcome: done
  - value: 'no'
    label: 'No'
    outcome: todo
  step: Turn on automatic updates
  priority: 1
  done: Your devices update themselves.
  todo: Turn on automatic updates in the settings.
  advice: /advice/safe/#updates
"""
MOT_WELSH = """\
questions:
- slug: updates
  question: Ydy eich dyfeisiau'n gosod diweddariadau'n awtomatig?
  answers:
  - value: 'yes'
    label: Ydyn
  - value: 'no'
    label: Nac ydyn
  step: Troi diweddariadau awtomatig ymlaen
  done: Mae eich dyfeisiau'n diweddaru eu hunain.
  todo: Trowch ddiweddariadau awtomatig ymlaen yn y gosodiadau.
"""


@pytest.fixture
def content_dir(tmp_path):
    root = tmp_path / "content"
    write(root / "guidance/index.md", page("Guidance", "The CPS guidance.\n", order=1))
    write(root / "advice/index.md", page("Help for the public", "Help.\n", order=2))
    write(root / "advice/index.cy.md", page("Help i'r cyhoedd", "Help.\n"))
    write(
        root / "advice/safe.md",
        page("Staying safe", "## Updates\n\nInstall them.\n", order=1, summary="How."),
    )
    write(
        root / "advice/safe.cy.md",
        page("Cadw'n ddiogel", "## Diweddariadau\n\nGosodwch nhw. [Help](/cy/advice/)\n",
             summary="Sut."),
    )  # fmt: skip
    write(root / "statements/cookies.md", page("Cookies", "We set two.\n"))
    write(root / "statements/cookies.cy.md", page("Cwcis", "Rydym yn gosod dau.\n"))
    write(
        root / "glossary.yaml",
        "terms:\n- term: Computer Misuse Act 1990\n  abbreviation: CMA\n"
        "- term: Phishing\n  definition: Messages that trick you.\n",
    )
    write(
        root / "glossary.cy.yaml",
        "terms:\n- english: Computer Misuse Act 1990\n  term: Deddf Camddefnyddio "
        "Cyfrifiaduron 1990\n- english: Phishing\n  term: Gwe-rwydo\n"
        "  definition: Negeseuon sy'n eich twyllo.\n",
    )
    write(root / "digital-mot.yaml", MOT_ENGLISH)
    write(root / "digital-mot.cy.yaml", MOT_WELSH)
    return root


def test_welsh_files_are_imported_beside_their_english(content_dir):
    report = run_import(content_dir)
    safe = PageTranslation.objects.get(page__path="advice/safe")
    assert (safe.title, safe.summary) == ("Cadw'n ddiogel", "Sut.")
    assert 'id="diweddariadau"' in safe.body_html  # through the one pipeline
    assert PageTranslation.objects.get(page__path="advice").title == "Help i'r cyhoedd"
    assert StatementTranslation.objects.get(statement__slug="cookies").title == "Cwcis"
    welsh_terms = dict(GlossaryTermTranslation.objects.values_list("english_term__term", "term"))
    assert welsh_terms["Phishing"] == "Gwe-rwydo"
    question = QuestionTranslation.objects.get(question__slug="updates")
    assert question.answer_labels == {"yes": "Ydyn", "no": "Nac ydyn"}
    assert "Welsh created" in report


def test_a_second_import_changes_nothing(content_dir):
    run_import(content_dir)
    report = run_import(content_dir)
    assert "Welsh created" not in report and "Welsh updated" not in report


def test_export_reproduces_the_welsh_files_byte_for_byte(content_dir, tmp_path):
    run_import(content_dir)
    exported = tmp_path / "exported"
    call_command("export_content", str(exported), stdout=StringIO())
    for name in (
        "advice/index.cy.md",
        "advice/safe.cy.md",
        "statements/cookies.cy.md",
        "glossary.cy.yaml",
        "digital-mot.cy.yaml",
    ):
        original = (content_dir / name).read_text(encoding="utf-8")
        copy = (exported / name).read_text(encoding="utf-8")
        if name.endswith(".yaml"):  # the export adds its explanatory header
            copy = "".join(line for line in copy.splitlines(True) if not line.startswith("#"))
        assert copy == original, name


def test_an_edited_welsh_file_updates_its_translation(content_dir):
    run_import(content_dir)
    write(content_dir / "advice/safe.cy.md", page("Aros yn ddiogel", "Testun newydd.\n"))
    run_import(content_dir)
    assert PageTranslation.objects.get(page__path="advice/safe").title == "Aros yn ddiogel"


def test_an_admin_edit_of_a_welsh_version_is_never_overwritten_by_an_import(content_dir):
    run_import(content_dir)
    translation = PageTranslation.objects.get(page__path="advice/safe")
    translation.title = "Teitl y golygydd"
    translation.save()
    write(content_dir / "advice/safe.cy.md", page("Teitl y ffeil", "Newid.\n"))
    report = run_import(content_dir)
    translation.refresh_from_db()
    assert translation.title == "Teitl y golygydd"
    assert "advice/safe.cy.md" in report and "kept the admin version" in report
    assert RefusedImport.objects.filter(source="advice/safe.cy.md").exists()


def test_prune_removes_a_welsh_version_whose_file_is_gone(content_dir):
    run_import(content_dir)
    (content_dir / "advice/safe.cy.md").unlink()
    run_import(content_dir, "--prune")
    assert not PageTranslation.objects.filter(page__path="advice/safe").exists()
    assert GuidancePage.objects.filter(path="advice/safe").exists()


@pytest.mark.parametrize(
    ("relative", "text", "expected"),
    [
        ("advice/lost.cy.md", page("Ar goll", "x\n"), "needs its English page beside it"),
        ("advice/safe.cy.md", "---\nsummary: dim teitl\n---\nx\n", "'title' is missing"),
        ("advice/safe.cy.md", "---\ntitle: x\ncolour: red\n---\n", "unknown key 'colour'"),
        ("statements/none.cy.md", page("Dim", "x\n"), "needs its English page beside it"),
        (
            "glossary.cy.yaml",
            "terms:\n- english: Hacking\n  term: Hacio\n",
            "there is no 'Hacking'",
        ),
        ("glossary.cy.yaml", "terms:\n- term: Hacio\n", "'english' is missing"),
        (
            "digital-mot.cy.yaml",
            MOT_WELSH.replace("slug: updates", "slug: backups"),
            "there is no question 'backups'",
        ),
        (
            "digital-mot.cy.yaml",
            MOT_WELSH.replace("value: 'no'", "value: maybe"),
            "must be the English ones",
        ),
        (
            "digital-mot.cy.yaml",
            MOT_WELSH + "  priority: 2\n",
            "unknown key 'priority'",
        ),
    ],
)
def test_a_bad_welsh_file_is_named_and_nothing_is_imported(content_dir, relative, text, expected):
    write(content_dir / relative, text)
    with pytest.raises(CommandError) as error:
        run_import(content_dir)
    assert expected in str(error.value)
    assert relative in str(error.value)
    assert "Nothing was imported" in str(error.value)
    assert not PageTranslation.objects.exists()


def test_a_welsh_version_comes_back_with_its_page_from_recently_deleted(content_dir, client):
    from recovery.models import DeletedItem
    from recovery.snapshots import restore

    run_import(content_dir)
    GuidancePage.objects.get(path="advice/safe").delete()
    assert (
        not PageTranslation.objects.exists()
        or not PageTranslation.objects.filter(page__path="advice/safe").exists()
    )
    restore(DeletedItem.objects.get(public_path="advice/safe"))
    assert PageTranslation.objects.get(page__path="advice/safe").title == "Cadw'n ddiogel"
    assert client.get("/cy/advice/safe/").status_code == 200


def test_the_welsh_mot_and_glossary_show_in_welsh(content_dir, client):
    run_import(content_dir)
    questions = client.get("/cy/digital-mot/").content.decode()
    assert "Ydy eich dyfeisiau&#x27;n gosod diweddariadau&#x27;n awtomatig?" in questions
    assert ">Nac ydyn</label>" in questions
    checklist = client.post("/cy/digital-mot/your-checklist/", {"updates": "no"}).content.decode()
    assert "Troi diweddariadau awtomatig ymlaen" in checklist
    assert 'href="/cy/advice/safe/#diweddariadau"' in checklist
    glossary = client.get("/cy/glossary/").content.decode()
    assert "Gwe-rwydo" in glossary and "Negeseuon sy&#x27;n eich twyllo." in glossary
    english = client.get("/glossary/").content.decode()
    assert "Gwe-rwydo" not in english


def test_the_link_checker_accepts_the_welsh_form_of_every_internal_address(shipped_content):
    from guidance.link_check import broken_links

    PageTranslation.objects.update_or_create(
        page=shipped_content["advice/reporting-cybercrime"],
        language="cy",
        defaults={"title": "Rhoi gwybod", "body_markdown": "## Ffoniwch 999\n\nTestun.\n"},
    )
    body = (
        "[Rhoi gwybod](/cy/advice/reporting-cybercrime/#ffoniwch-999) "
        "[Canllawiau](/cy/guidance/cyber-dependent-crimes/hacking/) "
        "[Chwilio](/cy/search/) [Geirfa](/cy/glossary/) [Troseddau](/cy/offences/) "
        "[MOT](/cy/digital-mot/) [Cwcis](/cy/help/cookies/) [Newyddion](/cy/news/)"
    )
    assert broken_links(body, "/cy/advice/") == []
    broken = broken_links(
        "[Dim](/cy/advice/no-such-page/) [Pennawd](/cy/advice/reporting-cybercrime/#no-such)",
        "/cy/advice/",
    )
    assert [link.reason for link in broken] == [
        "no page has this address",
        "there is no heading or entry “#no-such” there",
    ]


def test_the_shipped_welsh_versions_link_only_to_addresses_that_exist(shipped_content):
    from guidance.link_check import broken_links

    broken = {
        translation.page.path: [str(link) for link in links]
        for translation in PageTranslation.objects.select_related("page")
        if (links := broken_links(translation.body_markdown, f"/cy/{translation.page.path}/"))
    }
    for translation in StatementTranslation.objects.select_related("statement"):
        address = f"/cy/help/{translation.statement.slug}/"
        if links := broken_links(translation.body_markdown, address):
            broken[address] = [str(link) for link in links]
    assert broken == {}
