"""content/digital-mot.yaml: imported with the rest of content/, exported byte for byte."""

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from mot.models import Question

from ..content import run_import

pytestmark = pytest.mark.django_db

PAGE = "---\ntitle: {title}\nstatus: published\n---\n{body}"

QUESTIONS = """\
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
  step: Install updates
  priority: 1
  done: Your devices keep themselves up to date.
  todo: Turn on automatic updates.
  advice: /advice/staying-safe/#install-updates
- slug: social-media
  question: Have you checked who can see your posts?
  hint: Your posts, photos and friends list.
  answers:
  - value: 'yes'
    label: 'Yes'
    outcome: done
  - value: 'no'
    label: 'No'
    outcome: todo
  - value: none
    label: I do not use social media
    outcome: not-applicable
  step: Check your social media settings
  priority: 3
  done: You have checked.
  todo: Review who can see your posts.
  advice: /advice/staying-safe/
"""


@pytest.fixture
def content_dir(tmp_path):
    root = tmp_path / "content"
    (root / "advice").mkdir(parents=True)
    (root / "advice/index.md").write_text(PAGE.format(title="Advice", body="Hi.\n"))
    (root / "advice/staying-safe.md").write_text(
        PAGE.format(title="Staying safe", body="## Install updates\n\nDo it.\n")
    )
    (root / "digital-mot.yaml").write_text(QUESTIONS)
    return root


def test_import_creates_the_questions_and_answers_in_file_order(content_dir):
    assert "digital MOT questions: 2 created" in run_import(content_dir)
    updates, social = Question.objects.prefetch_related("answers")
    assert (updates.slug, updates.priority, updates.advice_url) == (
        "updates",
        1,
        "/advice/staying-safe/#install-updates",
    )
    assert [(a.value, a.outcome) for a in social.answers.all()] == [
        ("yes", "done"),
        ("no", "todo"),
        ("none", "not-applicable"),
    ]
    assert social.hint == "Your posts, photos and friends list."


def test_a_second_import_changes_nothing(content_dir):
    run_import(content_dir)
    assert "digital MOT questions: 0 created, 0 updated, 2 unchanged" in run_import(content_dir)


def test_an_edited_answer_updates_its_question(content_dir):
    run_import(content_dir)
    path = content_dir / "digital-mot.yaml"
    path.write_text(path.read_text().replace("label: I do not use", "label: I never use"))
    assert "0 created, 1 updated, 1 unchanged" in run_import(content_dir)
    assert Question.objects.get(slug="social-media").answers.last().label == (
        "I never use social media"
    )


def test_prune_removes_questions_whose_entry_is_gone(content_dir):
    run_import(content_dir)
    path = content_dir / "digital-mot.yaml"
    path.write_text(QUESTIONS.split("- slug: social-media")[0])
    run_import(content_dir)
    assert Question.objects.count() == 2
    run_import(content_dir, "--prune")
    assert list(Question.objects.values_list("slug", flat=True)) == ["updates"]


def test_export_after_import_reproduces_the_file_byte_for_byte(content_dir, tmp_path):
    run_import(content_dir)
    call_command("export_content", str(tmp_path / "out"), stdout=StringIO())
    assert (tmp_path / "out/digital-mot.yaml").read_bytes() == QUESTIONS.encode()


def test_the_shipped_questions_round_trip(shipped_content, tmp_path):
    call_command("export_content", str(tmp_path / "out"), stdout=StringIO())
    shipped = settings.CONTENT_DIR / "digital-mot.yaml"
    assert (tmp_path / "out/digital-mot.yaml").read_bytes() == shipped.read_bytes()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("outcome: todo", "outcome: maybe"), ":10: 'outcome' must be one of: done, todo"),
        (("  step: Install updates", "  steps: Install updates"), ":11: unknown key 'steps'"),
        (("value: 'yes'", "value: yes"), ":5: 'value' must be text (put it in quotes: 'True')"),
        (("priority: 1", "priority: 9"), ":12: 'priority' must be 1, 2 or 3"),
        (("slug: updates", "slug: Updates!"), ":2: 'Updates!' is not a valid slug"),
        (("  todo: Turn on automatic updates.\n", ""), ":2: 'todo' is missing or empty"),
        (
            ("#install-updates", "#no-such-heading"),
            ":2: /advice/staying-safe/#no-such-heading is not a page of this site that the "
            "public can read now",
        ),
        (
            ("advice: /advice/staying-safe/\n", "advice: /advice/gone/\n"),
            ":16: /advice/gone/ is not a page of this site that the public can read now",
        ),
        (("slug: social-media", "slug: updates"), ":16: two questions have the slug 'updates'"),
        (("questions:", "question:"), ":1: the file must hold one key, 'questions'"),
        (("  answers:\n", "  answers: [\n"), ":5: not valid YAML"),
    ],
)
def test_a_bad_question_is_named_with_its_line_and_nothing_is_imported(
    content_dir, change, message
):
    path = content_dir / "digital-mot.yaml"
    path.write_text(QUESTIONS.replace(*change, 1))
    with pytest.raises(CommandError) as error:
        run_import(content_dir)
    assert f"{path}{message}" in str(error.value)
    assert str(path) in str(error.value)
    assert "Nothing was imported." in str(error.value)
    assert not Question.objects.exists()


def test_a_questions_file_that_is_not_utf8_is_named_and_nothing_is_imported(content_dir):
    path = content_dir / "digital-mot.yaml"
    path.write_bytes(QUESTIONS.replace("Do your", "D\xf6 your").encode("latin-1"))
    with pytest.raises(CommandError) as error:
        run_import(content_dir)
    assert f"{path}: the file is not valid UTF-8 text" in str(error.value)
    assert not Question.objects.exists()
