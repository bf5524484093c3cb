"""Offences as data (with their Acts and the cybercrime types they relate to) and the
glossary. Guidance pages draw on both when they are rendered: the annex tables, the
"Offences on this page" box and the abbreviations marked up in the text."""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from guidance.models import GuidancePage
from guidance.translations import TRANSLATION_LANGUAGES
from shared.reversing import reverse_slug


class Category(models.TextChoices):
    CYBER_DEPENDENT = "cyber-dependent", _("Cyber-dependent")
    CYBER_ENABLED = "cyber-enabled", _("Cyber-enabled")


class ModeOfTrial(models.TextChoices):
    SUMMARY_ONLY = "summary-only", _("Summary only")
    EITHER_WAY = "either-way", _("Either way")
    INDICTMENT_ONLY = "indictment-only", _("Indictment only")


class Act(models.Model):
    name = models.CharField(max_length=150, help_text="Without the year, e.g. Fraud Act.")
    year = models.PositiveSmallIntegerField()
    chapter = models.PositiveSmallIntegerField(
        help_text="The chapter number, for the link to legislation.gov.uk."
    )
    slug = models.SlugField(max_length=170, unique=True, editable=False)

    class Meta:
        ordering = ["name", "year"]
        constraints = [models.UniqueConstraint(fields=["name", "year"], name="unique_act")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.slug = slugify(self.title)
        super().save(*args, **kwargs)

    @property
    def title(self):
        return f"{self.name} {self.year}"

    @property
    def legislation_url(self):
        return f"https://www.legislation.gov.uk/ukpga/{self.year}/{self.chapter}"


class CybercrimeType(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=150)
    category = models.CharField(max_length=20, choices=Category.choices)
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


# The longest sentence, as the data file writes it: "life", "fine only", "2 years", "6 months".
SENTENCE_RE = re.compile(r"^(?:(life)|(fine only)|(\d{1,3}) (years?|months?))$")


def parse_longest_sentence(text):
    """(months, life) from "2 years", "6 months", "life" or "fine only"; ValueError otherwise."""
    match = SENTENCE_RE.match(str(text).strip())
    if match is None:
        raise ValueError(
            "must be 'life', 'fine only', or a number of years or months like '2 years'"
        )
    life, fine_only, number, unit = match.groups()
    if life:
        return 0, True
    if fine_only:
        return 0, False
    months = int(number) * (12 if unit.startswith("year") else 1)
    if months == 0:
        raise ValueError("a prison term must be at least one month (or write 'fine only')")
    return months, False


def format_longest_sentence(months, life):
    if life:
        return "life"
    if months == 0:
        return "fine only"
    if months % 12 == 0:
        years = months // 12
        return f"{years} year{'s' if years != 1 else ''}"
    return f"{months} month{'s' if months != 1 else ''}"


# legislation.gov.uk's address of one section of a UK Public General Act.
SOURCE_RE = re.compile(r"^https://www\.legislation\.gov\.uk/ukpga/\d{4}/\d+/section/\d+[A-Z]*$")
# The subsection or subsections that give the maxima: "s3(6)", "s179(5)–(6)", "s107(4), (5)",
# or the Schedule whose table gives them: "Sch 4" (Misuse of Drugs Act 1971).
PENALTY_SOURCE_RE = re.compile(
    r"^(?:(?:s|ss)\d+[A-Z]*(?:\([0-9A-Za-z]+\))*|Sch \d+[A-Z]*(?: para \d+[A-Z]*)?)"
    r"(?:(?:–|, | and )\S+)*$"
)


class OffenceQuerySet(models.QuerySet):
    def in_force_on(self, day):
        """The offences that conduct on `day` could be charged under: in force from that day
        or earlier, and not yet repealed (in_force_until is the first day it no longer
        applies)."""
        return self.filter(
            models.Q(in_force_from__isnull=True) | models.Q(in_force_from__lte=day),
            models.Q(in_force_until__isnull=True) | models.Q(in_force_until__gt=day),
        )

    def by_longest_sentence(self, descending=True):
        if descending:
            return self.order_by("-life_sentence", "-longest_sentence_months", "sort_order")
        return self.order_by("life_sentence", "longest_sentence_months", "sort_order")


class Offence(models.Model):
    slug = models.SlugField(max_length=100, unique=True, help_text="Its page and anchor.")
    act = models.ForeignKey(Act, on_delete=models.PROTECT, related_name="offences")
    section = models.CharField(
        max_length=40, help_text="As cited, with the sub-section where it matters: s66B(1)."
    )
    title = models.CharField(max_length=200, help_text="The offence's short title.")
    conduct = models.TextField(help_text="What the conduct is, in plain English.")
    category = models.CharField(max_length=20, choices=Category.choices)
    mode_of_trial = models.CharField(max_length=20, choices=ModeOfTrial.choices)
    maximum_on_summary_conviction = models.CharField(
        max_length=200, blank=True, help_text="Empty for an offence tried only on indictment."
    )
    maximum_on_indictment = models.CharField(
        max_length=300, blank=True, help_text="Empty for a summary-only offence."
    )
    longest_sentence_months = models.PositiveSmallIntegerField(
        default=0,
        help_text="The longest prison term on any conviction, in months (0: a fine only). "
        "Used to sort by maximum penalty.",
    )
    life_sentence = models.BooleanField(
        default=False, help_text="Life imprisonment is the maximum in some cases."
    )
    cybercrime_types = models.ManyToManyField(CybercrimeType, related_name="offences", blank=True)
    guidance_pages = models.ManyToManyField(
        GuidancePage,
        related_name="offences",
        blank=True,
        help_text="The guidance pages that discuss this offence.",
    )
    source = models.URLField(
        max_length=300,
        default="",
        help_text="The section on legislation.gov.uk, e.g. "
        "https://www.legislation.gov.uk/ukpga/2016/25/section/3.",
    )
    penalty_source = models.CharField(
        max_length=100,
        default="",
        help_text="The subsection or subsections that give the maxima, e.g. s3(6).",
    )
    in_force_from = models.DateField(
        null=True,
        blank=True,
        help_text="The day it came into force in England and Wales (empty: before any "
        "date this guidance deals with).",
    )
    in_force_until = models.DateField(
        null=True,
        blank=True,
        help_text="The first day on which new conduct can no longer be charged under it "
        "(empty: in force). Needs a replacement or a transition note.",
    )
    replaced_by = models.ManyToManyField(
        "self",
        symmetrical=False,
        related_name="replaces",
        blank=True,
        help_text="The offences that apply to conduct from the day it ended.",
    )
    transition_note = models.TextField(
        blank=True,
        help_text="What changed on the day it ended, where no single offence replaced it.",
    )
    consent = models.CharField(
        max_length=200,
        blank=True,
        help_text="Whose consent a prosecution needs, with its subsection, e.g. "
        "“the Director of Public Prosecutions (s3(7))”.",
    )
    sort_order = models.PositiveIntegerField(default=0, help_text="Position in lists.")

    objects = OffenceQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "slug"]

    def __str__(self):
        return f"{self.act} {self.section}: {self.title}"

    def get_absolute_url(self):
        return reverse_slug("offences:offence", "slug", self.slug)

    @property
    def citation(self):
        return f"{self.act.title}, {self.section}"

    @property
    def legislation_url(self):
        """The section on legislation.gov.uk: its source, or else the first section cited
        (ss327–329 links to s327)."""
        if self.source:
            return self.source
        number = re.search(r"\d+[A-Z]*", self.section)
        if number is None:
            return self.act.legislation_url
        return f"{self.act.legislation_url}/section/{number.group(0)}"

    @property
    def penalty_url(self):
        """The section that sets the maxima, on legislation.gov.uk (it is not always the
        offence's own section: s196 for s170 of the Data Protection Act 2018; a Schedule's
        table for the Misuse of Drugs Act 1971)."""
        number = re.search(r"\d+[A-Z]*", self.penalty_source)
        if number is None:
            return self.legislation_url
        part = "schedule" if self.penalty_source.startswith("Sch ") else "section"
        return f"{self.act.legislation_url}/{part}/{number.group(0)}"

    def in_force_on(self, day):
        return (self.in_force_from is None or self.in_force_from <= day) and (
            self.in_force_until is None or day < self.in_force_until
        )

    @property
    def in_force_today(self):
        return self.in_force_on(date.today())

    @property
    def maximum(self):
        """The maximum a prosecutor quotes: on indictment, or on summary conviction for a
        summary-only offence."""
        if self.mode_of_trial == ModeOfTrial.SUMMARY_ONLY:
            return self.maximum_on_summary_conviction
        return self.maximum_on_indictment

    @property
    def longest_sentence(self):
        return format_longest_sentence(self.longest_sentence_months, self.life_sentence)

    def clean(self):
        super().clean()
        errors = {}
        summary_only = self.mode_of_trial == ModeOfTrial.SUMMARY_ONLY
        indictment_only = self.mode_of_trial == ModeOfTrial.INDICTMENT_ONLY
        if summary_only and self.maximum_on_indictment:
            errors["maximum_on_indictment"] = "A summary-only offence has no maximum on indictment."
        if not summary_only and not self.maximum_on_indictment:
            errors["maximum_on_indictment"] = "Give the maximum on conviction on indictment."
        if indictment_only and self.maximum_on_summary_conviction:
            errors["maximum_on_summary_conviction"] = (
                "An offence tried only on indictment has no maximum on summary conviction."
            )
        if not indictment_only and not self.maximum_on_summary_conviction:
            errors["maximum_on_summary_conviction"] = "Give the maximum on summary conviction."
        if not SOURCE_RE.match(self.source):
            errors["source"] = (
                "Give the section's address on legislation.gov.uk, like "
                "https://www.legislation.gov.uk/ukpga/2016/25/section/3."
            )
        elif self.act_id and not self.source.startswith(f"{self.act.legislation_url}/section/"):
            errors["source"] = f"The address is not a section of the {self.act.title}."
        if not PENALTY_SOURCE_RE.match(self.penalty_source):
            errors["penalty_source"] = (
                "Give the subsection or subsections that set the maxima, like s3(6)."
            )
        if self.in_force_from and self.in_force_until and self.in_force_until <= self.in_force_from:
            errors["in_force_until"] = "It must end after the day it came into force."
        # The sorting value must say what the maximum says, so the two cannot disagree.
        longest = self.longest_sentence
        stated = " ".join((self.maximum_on_summary_conviction, self.maximum_on_indictment))
        expected = {"life": "life", "fine only": "fine"}.get(longest, longest.rstrip("s"))
        if self.maximum and not re.search(rf"\b{re.escape(expected)}", stated.lower()):
            errors["longest_sentence_months"] = (
                f"The longest sentence ({longest}) is not what the maximum says (“{self.maximum}”)."
            )
        if errors:
            raise ValidationError(errors)


def discusses_offences():
    """For a query of guidance pages: whether any offence names the page, so a page that
    discusses none (most of them) skips the query of its "Offences on this page" box."""
    return models.Exists(
        Offence.guidance_pages.through.objects.filter(guidancepage_id=models.OuterRef("pk"))
    )


class GlossaryTerm(models.Model):
    term = models.CharField(
        max_length=200, help_text="The term, or an abbreviation written out in full."
    )
    abbreviation = models.CharField(
        max_length=20,
        blank=True,
        help_text="Marked up as <abbr> at its first use on every page (matched whole-word, "
        "letter case as written).",
    )
    definition = models.TextField(
        blank=True, help_text="Plain text; may be empty where the full form says it all."
    )
    slug = models.SlugField(max_length=220, unique=True, editable=False)

    class Meta:
        ordering = ["slug"]
        constraints = [
            models.UniqueConstraint(
                fields=["abbreviation"],
                condition=~models.Q(abbreviation=""),
                name="unique_glossary_abbreviation",
            )
        ]

    def __str__(self):
        return self.abbreviation or self.term

    def save(self, *args, **kwargs):
        self.abbreviation = self.abbreviation.strip()
        self.slug = self.compute_slug()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"{reverse('offences:glossary')}#{self.slug}"

    @property
    def headword(self):
        """What the A–Z lists it under: the abbreviation if it has one."""
        return self.abbreviation or self.term

    def compute_slug(self):
        return slugify(self.headword.strip())

    def clean(self):
        super().clean()
        self.abbreviation = self.abbreviation.strip()
        if self.abbreviation and not re.fullmatch(r"\w[\w&]*", self.abbreviation):
            raise ValidationError(
                {"abbreviation": "An abbreviation is one word of letters and digits."}
            )
        if not self.abbreviation and not self.definition.strip():
            raise ValidationError(
                {"definition": "A term without an abbreviation needs a definition."}
            )


class GlossaryTermTranslation(models.Model):
    """A glossary term in Welsh (content/glossary.cy.yaml), shown on the Welsh A–Z."""

    english_term = models.ForeignKey(
        GlossaryTerm, on_delete=models.CASCADE, related_name="translations"
    )
    language = models.CharField(max_length=8, choices=TRANSLATION_LANGUAGES, default="cy")
    term = models.CharField(max_length=200)
    abbreviation = models.CharField(
        max_length=20, blank=True, help_text="Empty: the English term's abbreviation."
    )
    definition = models.TextField(blank=True)

    class Meta:
        verbose_name = "Welsh glossary term"
        constraints = [
            models.UniqueConstraint(
                fields=["english_term", "language"], name="one_translation_per_glossary_term"
            )
        ]

    def __str__(self):
        return f"{self.term} ({self.language})"
