from dataclasses import dataclass
from datetime import date

from django import forms
from django.conf import settings
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from guidance.visibility import public_pages

from .models import (
    Act,
    Category,
    CybercrimeType,
    GlossaryTerm,
    GlossaryTermTranslation,
    ModeOfTrial,
    Offence,
)

SORTS = {
    "act": _("Act and section"),
    "maximum": _("Maximum penalty, highest first"),
    "maximum-lowest": _("Maximum penalty, lowest first"),
}


@dataclass
class Filter:
    """A filter of the finder as its template shows it."""

    name: str  # the query string parameter
    label: str
    noun: str  # for the notice about a value we did not recognise
    empty_label: str
    options: list  # (value, label)
    chosen: str = ""
    ignored: str = ""  # a value we did not recognise

    @property
    def chosen_label(self):
        return dict(self.options).get(self.chosen, "")


# name: (noun for the notice about an unknown value, label of the empty choice)
FILTERS = {
    "act": (_("Act"), _("All Acts")),
    "type": (_("type of cybercrime"), _("All types")),
    "category": (_("category"), _("Both categories")),
    "trial": (_("mode of trial"), _("Any mode of trial")),
}


class OffenceFinderForm(forms.Form):
    """The finder's choices, as plain GET parameters: /offences/?on=2023-12-01&act=…&sort=….

    Every field is optional; a value the form cannot read is ignored, with a notice saying
    so, and the rest of the choices still apply. Two queries (the Acts and the types).
    """

    on = forms.DateField(
        required=False,
        input_formats=["%Y-%m-%d"],
        label=_("Date of the conduct"),
        help_text=_("For example, 2023-12-01. Leave it empty for the offences in force today."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    act = forms.ChoiceField(required=False, label=_("Act"))
    type = forms.ChoiceField(required=False, label=_("Type of cybercrime"))
    category = forms.ChoiceField(required=False, label=_("Category"), choices=Category.choices)
    trial = forms.ChoiceField(
        required=False, label=_("Where it is tried"), choices=ModeOfTrial.choices
    )
    sort = forms.ChoiceField(required=False, label=_("Sort by"), choices=SORTS.items())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["act"].choices = [(a.slug, a.title) for a in Act.objects.all()]
        self.fields["type"].choices = [(t.slug, t.name) for t in CybercrimeType.objects.all()]

    def chosen(self, name):
        """The value chosen for a field, or "" if none or one the form could not read."""
        self.is_valid()  # cleans the fields once; a field in error is left out
        return self.cleaned_data.get(name) or ""

    def ignored(self, name):
        """The text of a value the form could not read, or ""."""
        return self.data.get(name, "") if name in self.errors else ""

    def filters(self):
        return [
            Filter(
                name,
                self.fields[name].label,
                noun,
                empty_label,
                list(self.fields[name].choices),
                self.chosen(name),
                self.ignored(name),
            )
            for name, (noun, empty_label) in FILTERS.items()
        ]


def _replacements():
    return Prefetch("replaced_by", queryset=Offence.objects.select_related("act"))


def offence_finder(request):
    """Every offence, filtered by Act, cybercrime type, category and mode of trial, sorted
    by Act or by maximum penalty. Unknown values are ignored with a notice. Three queries."""
    form = OffenceFinderForm(request.GET)
    filters = form.filters()
    sort = form.chosen("sort") or "act"
    unknown_sort = form.ignored("sort")
    act, crime_type, category, trial = (f.chosen for f in filters)
    day = form.chosen("on") or date.today()
    unreadable_date = form.ignored("on")
    asked_for_a_date = bool(form.chosen("on"))
    offences = (
        Offence.objects.in_force_on(day).select_related("act").prefetch_related(_replacements())
    )
    if act:
        offences = offences.filter(act__slug=act)
    if crime_type:
        offences = offences.filter(cybercrime_types__slug=crime_type)
    if category:
        offences = offences.filter(category=category)
    if trial:
        offences = offences.filter(mode_of_trial=trial)
    if sort != "act":
        offences = offences.by_longest_sentence(descending=sort == "maximum")
    return render(
        request,
        "offences/finder.html",
        {
            "offences": list(offences),
            "filters": filters,
            "filtered": any(f.chosen for f in filters) or asked_for_a_date,
            "day": day,
            "asked_for_a_date": asked_for_a_date,
            "unreadable_date": unreadable_date,
            "ignored": [f for f in filters if f.ignored],
            "sorts": SORTS,
            "sort": sort,
            "sort_label": SORTS[sort],
            "unknown_sort": unknown_sort,
        },
    )


def offence_detail(request, slug):
    offence = get_object_or_404(Offence.objects.select_related("act"), slug=slug)
    visible = {page.pk for page in public_pages()}
    pages = [
        page for page in offence.guidance_pages.order_by("tree_id", "lft") if page.pk in visible
    ]
    # Other limbs of the same section (a repeal may have ended some of them), and the
    # offences it replaced or that replaced it.
    limbs = Offence.objects.filter(source=offence.source).exclude(pk=offence.pk)
    return render(
        request,
        "offences/offence.html",
        {
            "offence": offence,
            "types": list(offence.cybercrime_types.all()),
            "pages": pages,
            "limbs": list(limbs.select_related("act")) if offence.source else [],
            "replaced_by": list(offence.replaced_by.select_related("act")),
            "replaces": list(offence.replaces.select_related("act")),
        },
    )


DIGITS = "0–9"
LETTERS = [DIGITS] + [chr(code) for code in range(ord("A"), ord("Z") + 1)]


def _letter(headword):
    first = headword[:1].upper()
    return first if "A" <= first <= "Z" else DIGITS


def _letter_anchor(letter):
    return "letter-0-9" if letter == DIGITS else f"letter-{letter.lower()}"


def glossary(request):
    """The A–Z: every term under its first letter, each with an anchor. One query (two in
    Welsh: the Welsh terms)."""
    terms = list(GlossaryTerm.objects.all())
    _in_reader_language(terms)
    terms.sort(key=lambda t: t.headword.lower())
    groups = {}
    for term in terms:
        groups.setdefault(_letter(term.headword), []).append(term)
    return render(
        request,
        "offences/glossary.html",
        {
            "groups": [
                {"letter": letter, "anchor": _letter_anchor(letter), "terms": terms}
                for letter, terms in groups.items()
            ],
            "letters": [
                {"letter": letter, "anchor": _letter_anchor(letter), "present": letter in groups}
                for letter in LETTERS
            ],
        },
    )


def _in_reader_language(terms):
    """Each term in the reader's language where it has a translation (in memory only); one
    without is marked `in_english`, for its lang="en"."""
    language = get_language()
    if language == settings.LANGUAGE_CODE:
        return
    translations = {
        t.english_term_id: t for t in GlossaryTermTranslation.objects.filter(language=language)
    }
    for term in terms:
        translation = translations.get(term.pk)
        term.in_english = translation is None
        if translation is not None:
            term.term = translation.term
            term.abbreviation = translation.abbreviation or term.abbreviation
            term.definition = translation.definition
