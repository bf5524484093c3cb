"""The digital MOT's questions as one YAML file, content/digital-mot.yaml.

The file is a list of questions in the order they are asked; each names its answers, what
each answer means (done, todo or not-applicable) and the advice page that explains how.
Export writes the same layout back, so import followed by export reproduces the file.
"""

from pathlib import Path

import yaml
from django.core.exceptions import ValidationError

from guidance.content_files import SLUG_RE, ContentError, read_yaml_file
from provenance.ledger import LEAVE, ImportLedger

from .models import Answer, Question, QuestionTranslation

KIND = "digital MOT questions"
FILE_NAME = "digital-mot.yaml"
QUESTION_KEYS = (
    "slug", "question", "hint", "answers", "step", "priority", "done", "todo", "advice",
)  # fmt: skip
ANSWER_KEYS = ("value", "label", "outcome")
REQUIRED_TEXT = ("slug", "question", "step", "done", "todo", "advice")
WELSH_FILE_NAME = "digital-mot.cy.yaml"
WELSH_QUESTION_KEYS = ("slug", "question", "hint", "answers", "step", "done", "todo")
WELSH_ANSWER_KEYS = ("value", "label")


def _load(path):
    """The questions of the file, each located."""
    document = read_yaml_file(path)
    if (
        document is None
        or not isinstance(document.value, dict)
        or set(document.value) != {"questions"}
    ):
        raise ContentError(path, "the file must hold one key, 'questions', with a list", 1)
    questions = document.get("questions")
    if not isinstance(questions.value, list):
        raise ContentError(path, "'questions' must be a list", 1)
    return questions.items()


def _text(path, item, key, required):
    value = item.value.get(key)
    if value is None or value == "":
        if required:
            raise ContentError(path, f"'{key}' is missing or empty", item.key_line(key))
        return ""
    if not isinstance(value, str):
        raise ContentError(
            path, f"'{key}' must be text (put it in quotes: '{value}')", item.key_line(key)
        )
    return value.strip()


def _read_question(path, item, position):
    if not isinstance(item.value, dict):
        raise ContentError(path, "each question must be a set of 'key: value' lines", item.line)
    for key in item.value:
        if key not in QUESTION_KEYS:
            allowed = ", ".join(QUESTION_KEYS)
            raise ContentError(
                path, f"unknown key '{key}' (allowed: {allowed})", item.key_line(key)
            )
    fields = {key: _text(path, item, key, key in REQUIRED_TEXT) for key in REQUIRED_TEXT}
    if not SLUG_RE.match(fields["slug"]):
        raise ContentError(path, f"'{fields['slug']}' is not a valid slug", item.key_line("slug"))
    priority = item.value.get("priority", Question.Priority.NEXT)
    if priority not in Question.Priority.values or isinstance(priority, bool):
        raise ContentError(path, "'priority' must be 1, 2 or 3", item.key_line("priority"))
    answers = item.get("answers")
    if answers is None or not isinstance(answers.value, list) or len(answers.value) < 2:
        raise ContentError(
            path, "'answers' must be a list of two or more", item.key_line("answers")
        )
    read_answers = [
        _read_answer(path, answer, number) for number, answer in enumerate(answers.items())
    ]
    values = [answer["value"] for answer in read_answers]
    if len(set(values)) != len(values):
        raise ContentError(path, "two answers have the same 'value'", item.key_line("answers"))
    question = {
        "slug": fields["slug"],
        "position": position,
        "text": fields["question"],
        "hint": _text(path, item, "hint", required=False),
        "step": fields["step"],
        "priority": priority,
        "done_text": fields["done"],
        "todo_text": fields["todo"],
        "advice_url": fields["advice"],
    }
    return question, read_answers, item.line


def _read_answer(path, answer, position):
    if not isinstance(answer.value, dict) or set(answer.value) != set(ANSWER_KEYS):
        raise ContentError(path, "each answer needs 'value', 'label' and 'outcome'", answer.line)
    value, label, outcome = (_text(path, answer, key, True) for key in ANSWER_KEYS)
    if not SLUG_RE.match(value):
        raise ContentError(path, f"answer value '{value}' is not a valid slug", answer.line)
    if outcome not in Answer.Outcome.values:
        choices = ", ".join(Answer.Outcome.values)
        raise ContentError(path, f"'outcome' must be one of: {choices}", answer.key_line("outcome"))
    return {"position": position, "value": value, "label": label, "outcome": outcome}


def _answer_fields(answer):
    return {
        "position": answer.position,
        "value": answer.value,
        "label": answer.label,
        "outcome": answer.outcome,
    }


def _row_fields(question, fields):
    """What the database holds of a question, in the shape of what the file says."""
    return {
        **{key: getattr(question, key) for key in fields},
        "answers": [_answer_fields(answer) for answer in question.answers.all()],
    }


def import_from(content_dir, prune=False, ledger=None):
    path = Path(content_dir) / FILE_NAME
    ledger = ledger or ImportLedger(content_dir)
    counts = {"created": 0, "updated": 0, "unchanged": 0, "removed": 0}
    if not path.is_file():
        return counts
    existing = {q.slug: q for q in Question.objects.prefetch_related("answers")}
    by_pk = {q.pk: q for q in existing.values()}
    seen = set()
    fields = None
    for position, item in enumerate(_load(path)):
        fields, answers, line = _read_question(path, item, position)
        slug = fields["slug"]
        if slug in seen:
            raise ContentError(path, f"two questions have the slug '{slug}'", line)
        seen.add(slug)
        source = ledger.source(path, f"questions/{slug}")
        question = by_pk.get(ledger.imported_object_id(Question, source)) or existing.get(slug)
        file_fields = {**fields, "answers": answers}
        row_fields = _row_fields(question, fields) if question else None
        action = ledger.decide(
            Question, question and question.pk, source, file_fields, row_fields, counts
        )
        if action == LEAVE:
            continue
        if question is None:
            question = Question(**fields)
            counts["created"] += 1
        else:
            for key, value in fields.items():
                setattr(question, key, value)
            counts["updated"] += 1
        try:
            question.full_clean()
        except ValidationError as error:
            raise ContentError(path, "; ".join(error.messages), line) from None
        question.save()
        question.answers.all().delete()
        Answer.objects.bulk_create(Answer(question=question, **answer) for answer in answers)
        ledger.imported(Question, question, source, file_fields)
    if prune:
        for slug, question in existing.items():
            row_fields = _row_fields(question, fields) if fields else None
            if slug not in seen and ledger.may_remove(Question, question.pk, row_fields):
                question.delete()
                counts["removed"] += 1
    welsh = Path(content_dir) / WELSH_FILE_NAME
    if welsh.is_file():
        _import_welsh(welsh, counts, prune, ledger)
    return counts


def _read_welsh_question(path, item, english):
    """One question of the Welsh file (located), checked against its English question."""
    if not isinstance(item.value, dict):
        raise ContentError(path, "each question must be a set of 'key: value' lines", item.line)
    for key in item.value:
        if key not in WELSH_QUESTION_KEYS:
            allowed = ", ".join(WELSH_QUESTION_KEYS)
            raise ContentError(
                path,
                f"unknown key '{key}' (allowed: {allowed}; the rest comes from {FILE_NAME})",
                item.key_line(key),
            )
    slug = _text(path, item, "slug", True)
    question = english.get(slug)
    if question is None:
        raise ContentError(
            path, f"there is no question '{slug}' in {FILE_NAME}", item.key_line("slug")
        )
    answers = item.get("answers")
    if answers is None or not isinstance(answers.value, list):
        raise ContentError(path, "'answers' must be a list", item.key_line("answers"))
    labels = {}
    for answer in answers.items():
        if not isinstance(answer.value, dict) or set(answer.value) != set(WELSH_ANSWER_KEYS):
            raise ContentError(path, "each answer needs 'value' and 'label'", answer.line)
        value = _text(path, answer, "value", True)
        labels[value] = _text(path, answer, "label", True)
    wanted = [a.value for a in question.answers.all()]
    if sorted(labels) != sorted(wanted) or len(labels) != len(answers.value):
        raise ContentError(
            path,
            f"the answers of '{slug}' must be the English ones, each once: {', '.join(wanted)}",
            item.key_line("answers"),
        )
    fields = {
        "text": _text(path, item, "question", True),
        "hint": _text(path, item, "hint", False),
        "step": _text(path, item, "step", True),
        "done_text": _text(path, item, "done", True),
        "todo_text": _text(path, item, "todo", True),
        "answer_labels": {value: labels[value] for value in wanted},
    }
    return question, fields, item.line


def _welsh_row(translation):
    return {
        "slug": translation.question.slug,
        **{key: getattr(translation, key) for key in WELSH_FIELDS},
    }


WELSH_FIELDS = ("text", "hint", "step", "done_text", "todo_text", "answer_labels")


def _import_welsh(path, counts, prune, ledger):
    """The Welsh words of the questions, under the ledger's rules like the English."""
    english = {q.slug: q for q in Question.objects.prefetch_related("answers")}
    existing = {
        t.question_id: t
        for t in QuestionTranslation.objects.select_related("question").filter(language="cy")
    }
    own_counts = {"created": 0, "updated": 0, "unchanged": 0, "removed": 0}
    seen = set()
    for item in _load(path):
        question, fields, line = _read_welsh_question(path, item, english)
        if question.pk in seen:
            raise ContentError(path, f"two questions have the slug '{question.slug}'", line)
        seen.add(question.pk)
        source = ledger.source(path, f"questions/{question.slug}")
        translation = existing.get(question.pk)
        file_fields = {"slug": question.slug, **fields}
        row_fields = _welsh_row(translation) if translation else None
        action = ledger.decide(
            QuestionTranslation,
            translation and translation.pk,
            source,
            file_fields,
            row_fields,
            own_counts,
        )
        if action == LEAVE:
            continue
        if translation is None:
            translation = QuestionTranslation(question=question, language="cy")
            own_counts["created"] += 1
        else:
            own_counts["updated"] += 1
        for key, value in fields.items():
            setattr(translation, key, value)
        try:
            translation.full_clean()
        except ValidationError as error:
            raise ContentError(path, "; ".join(error.messages), line) from None
        translation.save()
        ledger.imported(QuestionTranslation, translation, source, file_fields)
    if prune:
        for question_id, translation in existing.items():
            if question_id not in seen and ledger.may_remove(
                QuestionTranslation, translation.pk, _welsh_row(translation)
            ):
                translation.delete()
                own_counts["removed"] += 1
    for what, number in own_counts.items():
        if number:
            counts[f"Welsh {what}"] = counts.get(f"Welsh {what}", 0) + number


def export_to(target_dir):
    questions = list(Question.objects.prefetch_related("answers"))
    if not questions:
        return 0
    data = {
        "questions": [
            {
                "slug": question.slug,
                "question": question.text,
                **({"hint": question.hint} if question.hint else {}),
                "answers": [
                    {"value": a.value, "label": a.label, "outcome": a.outcome}
                    for a in question.answers.all()
                ],
                "step": question.step,
                "priority": question.priority,
                "done": question.done_text,
                "todo": question.todo_text,
                "advice": question.advice_url,
            }
            for question in questions
        ]
    }
    path = Path(target_dir) / FILE_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)
    path.write_text(text, encoding="utf-8", newline="\n")
    welsh = {t.question_id: t for t in QuestionTranslation.objects.filter(language="cy")}
    if welsh:
        welsh_data = {
            "questions": [
                {
                    "slug": question.slug,
                    "question": t.text,
                    **({"hint": t.hint} if t.hint else {}),
                    "answers": [
                        {"value": a.value, "label": t.answer_labels.get(a.value, a.label)}
                        for a in question.answers.all()
                    ],
                    "step": t.step,
                    "done": t.done_text,
                    "todo": t.todo_text,
                }
                for question in questions
                if (t := welsh.get(question.pk)) is not None
            ]
        }
        text = yaml.safe_dump(welsh_data, allow_unicode=True, sort_keys=False, width=10_000)
        (Path(target_dir) / WELSH_FILE_NAME).write_text(text, encoding="utf-8", newline="\n")
    return len(questions)
