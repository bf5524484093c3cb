from django.db import models

from guidance.rendering import RenderedOnSave
from guidance.translations import Translation
from languages.paths import path_in_language
from shared.reversing import reverse_slug


class Statement(RenderedOnSave, models.Model):
    """A page every public body's site owes its readers, linked from every footer: the
    accessibility statement, cookies, the privacy notice and the licence.

    Always public (there is no draft: the footer links to each of them). The dates are the
    ones the accessibility regulations ask a statement to give; `checks_passed_on` is the day
    the automated accessibility checks last passed in full, written by
    `manage.py record_checks_passed` after they do.
    """

    slug = models.SlugField(max_length=100, unique=True)
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=300, blank=True)
    body_markdown = models.TextField(blank=True)
    body_html = models.TextField(blank=True, editable=False)
    headings = models.JSONField(default=list, blank=True, editable=False)
    prepared_on = models.DateField(null=True, blank=True)
    reviewed_on = models.DateField(null=True, blank=True)
    checks_passed_on = models.DateField(
        null=True,
        blank=True,
        help_text="When the automated accessibility checks last passed in full.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        rendered = self.rendered_body()
        self.body_html = rendered.html
        self.headings = [
            {"level": h.level, "text": h.text, "anchor": h.anchor} for h in rendered.headings
        ]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse_slug("statements:detail", "slug", self.slug)


class StatementTranslation(Translation):
    """A statement's Welsh version (content/statements/name.cy.md).

    Its dates are the English statement's."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="translations")

    class Meta:
        verbose_name = "Welsh version"
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "language"], name="one_translation_per_statement"
            )
        ]

    def get_absolute_url(self):
        return path_in_language(self.statement.get_absolute_url(), self.language)
