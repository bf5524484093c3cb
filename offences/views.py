from dataclasses import dataclass
from datetime import date

from django import forms
from django.conf import settings
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from guidance.visibility import public_pages
from pagecache.shells import keeps_shell

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


@keeps_shell(query_that_changes_the_page=[*FILTERS, "on", "sort"])
def offence_finder(request):
    """Every offence, filtered by Act, cybercrime type, category and mode of trial, sorted
    by Act or by maximum penalty. Unknown values are ignored with a notice. Three queries.

    Its shell (the offences in force today, unfiltered) is kept like a cached page, for at
    most PAGE_CACHE_SECONDS, so a page kept just before midnight may name yesterday's date
    for that long, as the cached page itself may."""
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
# The Welsh alphabet: eight of its letters are written with two (Ch, Dd, Ff, Ng, Ll, Ph, Rh,
# Th), and a dictionary files "Llywodraeth" under Ll, after every word in L.
WELSH_LETTERS = [DIGITS] + [
    "A", "B", "C", "Ch", "D", "Dd", "E", "F", "Ff", "G", "Ng", "H", "I", "J", "L", "Ll", "M",
    "N", "O", "P", "Ph", "R", "Rh", "S", "T", "Th", "U", "W", "Y",
]  # fmt: skip
_WELSH_DIGRAPHS = [letter for letter in WELSH_LETTERS if len(letter) == 2]


def _letters_of(word, language):
    """The letters of a word as its language spells them (Welsh "llwyd": Ll, w, y, d)."""
    letters, position = [], 0
    while position < len(word):
        pair = word[position : position + 2].capitalize()
        if language == "cy" and pair in _WELSH_DIGRAPHS:
            letters.append(pair)
            position += 2
        else:
            letters.append(word[position].upper())
            position += 1
    return letters


def _alphabet(language):
    return WELSH_LETTERS if language == "cy" else LETTERS


def _letter(headword, language="en"):
    first = (_letters_of(headword[:2], language) or [""])[0]
    if first in _alphabet(language)[1:]:
        return first
    return first if "A" <= first[:1] <= "Z" else DIGITS


def _sort_key(headword, language="en"):
    """Dictionary order in the reader's language; a letter the alphabet lacks (K, V in
    Welsh) files after the letter before it in the English alphabet."""
    alphabet = _alphabet(language)
    key = []
    for letter in _letters_of(headword, language):
        if letter in alphabet:
            key.append((alphabet.index(letter), 0, ""))
        elif "A" <= letter <= "Z":
            before = max(i for i, known in enumerate(alphabet) if known[:1] <= letter)
            key.append((before, 1, letter))
        else:  # digits, spaces and punctuation first, as the English order has them
            key.append((-1, 0, letter))
    return key


def _letter_anchor(letter):
    return "letter-0-9" if letter == DIGITS else f"letter-{letter.lower()}"


def glossary(request):
    """The A–Z: every term under its first letter, each with an anchor. One query (two in
    Welsh: the Welsh terms)."""
    terms = list(GlossaryTerm.objects.all())
    _in_reader_language(terms)
    language = get_language()
    terms.sort(key=lambda t: _sort_key(t.headword, language))
    groups = {}
    for term in terms:
        groups.setdefault(_letter(term.headword, language), []).append(term)
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
                for letter in _alphabet(language)
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
