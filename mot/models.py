from django.core.exceptions import ValidationError
from django.db import models

from guidance.translations import TRANSLATION_LANGUAGES

from .advice import advice_problem


class Question(models.Model):
    """One question of the digital MOT, with the advice its answers lead to."""

    class Priority(models.IntegerChoices):
        FIRST = 1, "Do this first"
        NEXT = 2, "Do this next"
        LATER = 3, "Do this when you can"

    slug = models.SlugField(max_length=50, unique=True, help_text="The field name in the form.")
    position = models.PositiveIntegerField(default=0, help_text="Lowest first.")
    text = models.CharField("question", max_length=200)
    hint = models.CharField(max_length=300, blank=True, help_text="Shown under the question.")
    step = models.CharField(
        max_length=200, help_text="The step in the checklist, e.g. “Install updates”."
    )
    priority = models.PositiveSmallIntegerField(choices=Priority.choices, default=Priority.NEXT)
    done_text = models.CharField(
        max_length=300, help_text="Shown under “What you already do well”."
    )
    todo_text = models.CharField(max_length=500, help_text="What to do, in a sentence or two.")
    advice_url = models.CharField(
        max_length=300,
        help_text="A published advice page that explains how, e.g. "
        "/advice/protect-yourself/#install-updates (the part after # is a heading on it).",
    )

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.text

    def clean(self):
        super().clean()
        problem = advice_problem(self.advice_url)
        if problem:
            raise ValidationError({"advice_url": problem})


class Answer(models.Model):
    class Outcome(models.TextChoices):
        DONE = "done", "They already do this"
        TODO = "todo", "A step to take"
        NOT_APPLICABLE = "not-applicable", "Does not apply to them"

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    position = models.PositiveIntegerField(default=0)
    value = models.SlugField(max_length=50, help_text="Sent by the form, e.g. “yes”.")
    label = models.CharField(max_length=200)
    outcome = models.CharField(max_length=20, choices=Outcome.choices)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["question", "value"], name="unique_answer_value"),
        ]

    def __str__(self):
        return self.label


class QuestionTranslation(models.Model):
    """A question in Welsh (content/digital-mot.cy.yaml): its words only. Priority, outcomes
    and the advice page are the English question's."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(max_length=8, choices=TRANSLATION_LANGUAGES, default="cy")
    text = models.CharField("question", max_length=200)
    hint = models.CharField(max_length=300, blank=True)
    step = models.CharField(max_length=200)
    done_text = models.CharField(max_length=300)
    todo_text = models.CharField(max_length=500)
    answer_labels = models.JSONField(
        default=dict, help_text="The label of each answer, by its value: {value: label}."
    )

    class Meta:
        verbose_name = "Welsh question"
        constraints = [
            models.UniqueConstraint(
                fields=["question", "language"], name="one_translation_per_question"
            )
        ]

    def __str__(self):
        return f"{self.text} ({self.language})"
