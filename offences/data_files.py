"""The offence data and the glossary as YAML files: content/offences.yaml (acts, cybercrime
types, offences) and content/glossary.yaml (terms).

Every row is checked before anything is written; a bad row stops the whole import with an
error naming the file, the line and the row. Export writes the canonical form, so that
import followed by export reproduces both files byte for byte.
"""

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError

from guidance.content_files import ContentError, Located, read_yaml_file
from guidance.models import GuidancePage
from guidance.rerendering import batched_rerendering
from provenance.ledger import LEAVE, ImportLedger

from .models import (
    Act,
    Category,
    CybercrimeType,
    GlossaryTerm,
    GlossaryTermTranslation,
    ModeOfTrial,
    Offence,
    format_longest_sentence,
    parse_longest_sentence,
)

KIND = "offences"
OFFENCES_FILE = "offences.yaml"
GLOSSARY_FILE = "glossary.yaml"
WELSH_GLOSSARY_FILE = "glossary.cy.yaml"

ACT_KEYS = ("name", "year", "chapter")
TYPE_KEYS = ("slug", "name", "category")
OFFENCE_KEYS = (
    "slug",
    "act",
    "section",
    "title",
    "conduct",
    "category",
    "mode_of_trial",
    "maximum_on_summary_conviction",
    "maximum_on_indictment",
    "longest_sentence",
    "source",
    "penalty_source",
    "consent",
    "in_force_from",
    "in_force_until",
    "replaced_by",
    "transition_note",
    "cybercrime_types",
    "guidance_pages",
)
TERM_KEYS = ("term", "abbreviation", "definition")
WELSH_TERM_KEYS = ("english", "term", "abbreviation", "definition")

OFFENCES_HEADER = """\
# The offences the offence finder lists and Annexes A and B are built from.
# Read by `manage.py import_content`, written by `manage.py export_content`.
# acts: name (without the year), year, chapter (for the legislation.gov.uk link).
# cybercrime_types: slug, name, category (cyber-dependent or cyber-enabled); in annex order.
# offences: slug (its page), act (name and year), section (as cited), title, conduct,
#   category, mode_of_trial (summary-only, either-way, indictment-only),
#   maximum_on_summary_conviction (not for indictment only), maximum_on_indictment (not for
#   summary only), longest_sentence (for sorting: life, fine only, 2 years, 6 months),
#   source (the section on legislation.gov.uk), penalty_source (the subsections that give
#   the maxima, e.g. s3(6)), consent (whose consent a prosecution needs, if anyone's),
#   in_force_from (the day it came into force in England and Wales, if known),
#   in_force_until (the first day it no longer applies to new conduct) with replaced_by
#   (slugs of the offences that took over) or transition_note, cybercrime_types (slugs),
#   guidance_pages (paths of the pages that discuss it).
"""
GLOSSARY_HEADER = """\
# The glossary: the A-Z page, Annex C and the abbreviations marked up on every page.
# term (or an abbreviation in full), abbreviation (optional), definition (optional for an
# abbreviation whose full form says it all).
"""


WELSH_GLOSSARY_HEADER = """\
# The glossary in Welsh: the Welsh A-Z. english: the term exactly as in glossary.yaml;
# term: in Welsh; abbreviation: only where Welsh uses another one; definition: in Welsh.
"""


class DataLoader(yaml.SafeLoader):
    """Safe YAML that leaves dates as text, so that an impossible date (2024-02-30) is
    reported against its row instead of failing inside the YAML parser."""


DataLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node)
)


@dataclass
class Row:
    """One entry of a list in a data file, with the lines its keys are on."""

    path: Path
    section: str
    number: int  # 1-based position in its list
    located: Located

    @property
    def values(self):
        return self.located.value

    def error(self, message, key=None):
        name = self.values.get("slug") or self.values.get("term") or self.values.get("name")
        label = f"{self.section} row {self.number}" + (f" ({name!r})" if name else "")
        return ContentError(self.path, f"{label}: {message}", self.located.key_line(key))

    def text(self, key, required=True, max_length=None):
        value = self.values.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                raise self.error(f"'{key}' is missing or empty", key)
            return ""
        if not isinstance(value, str):
            raise self.error(f"'{key}' must be text", key)
        value = value.strip()
        if max_length and len(value) > max_length:
            raise self.error(f"'{key}' is longer than {max_length} characters", key)
        return value

    def whole_number(self, key):
        value = self.values.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise self.error(f"'{key}' must be a whole number, 1 or more", key)
        return value

    def choice(self, key, choices):
        value = self.values.get(key)
        if value not in choices.values:
            allowed = ", ".join(choices.values)
            raise self.error(f"'{key}' must be one of: {allowed}", key)
        return value

    def date(self, key):
        """A date written as 2024-01-31 (YAML reads it as a date), or None if absent."""
        value = self.values.get(key)
        if value is None or value == "":
            return None
        if isinstance(value, str):
            try:
                value = date.fromisoformat(value.strip())
            except ValueError:
                value = None
        if not isinstance(value, date) or isinstance(value, datetime):
            raise self.error(f"'{key}' must be a date written like 2024-01-31", key)
        return value

    def text_list(self, key):
        value = self.values.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise self.error(f"'{key}' must be a list", key)
        return value


def read_rows(path, lists):
    """{list name: [Row, ...]} from a data file holding the named lists (each may be absent)."""
    document = read_yaml_file(path, DataLoader)
    if document is None:
        return {name: [] for name in lists}
    if not isinstance(document.value, dict):
        raise ContentError(path, f"the file must hold the lists {', '.join(lists)}", 1)
    for key in document.value:
        if key not in lists:
            allowed = ", ".join(lists)
            raise ContentError(
                path, f"unknown list '{key}' (allowed: {allowed})", document.key_line(key)
            )
    rows = {}
    for name, keys in lists.items():
        items = document.get(name)
        rows[name] = []
        if items is None or not items.value:
            continue
        if not isinstance(items.value, list):
            raise ContentError(path, f"'{name}' must be a list", items.line)
        for number, item in enumerate(items.items(), 1):
            if not isinstance(item.value, dict):
                raise ContentError(
                    path, f"{name} row {number}: must be a set of 'key: value'", item.line
                )
            row = Row(path, name, number, item)
            for key in item.value:
                if key not in keys:
                    raise row.error(f"unknown key '{key}' (allowed: {', '.join(keys)})", key)
            rows[name].append(row)
    return rows


def _check_unique(rows, key_of, what):
    seen = {}
    for row in rows:
        key = key_of(row)
        if key in seen:
            raise row.error(f"the same {what} as row {seen[key]}")
        seen[key] = row.number


def _save(row, instance, counts, created):
    try:
        instance.full_clean(validate_unique=False)
    except ValidationError as error:
        raise row.error("; ".join(error.messages)) from None
    instance.save()
    counts["created" if created else "updated"] += 1


def _sync(
    model, rows, key_of, wanted_of, counts, prune, ledger, relations_of=None, related_names=()
):
    """Create or update one model's rows by key, as the ledger decides; return {key: instance}.

    `relations_of(row)` gives {many-to-many field: [primary keys]} to set as well; those
    fields are `related_names`, loaded up front."""
    existing = {key_of(item): item for item in model.objects.prefetch_related(*related_names)}
    by_pk = {item.pk: item for item in existing.values()}
    kept = {}
    shape = None  # the fields a row gives, to describe rows whose entry has gone
    for row in rows:
        wanted = wanted_of(row)
        key = key_of(model(**wanted))
        relations = relations_of(row) if relations_of else {}
        shape = (wanted, relations)
        source = ledger.source(row.path, f"{row.section}/{key}")
        item = by_pk.get(ledger.imported_object_id(model, source)) or existing.get(key)
        file_fields = {**wanted, **{name: sorted(ids) for name, ids in relations.items()}}
        row_fields = _row_fields(item, wanted, relations) if item else None
        action = ledger.decide(model, item and item.pk, source, file_fields, row_fields, counts)
        if action != LEAVE:
            created = item is None
            item = item or model()
            for name, value in wanted.items():
                setattr(item, name, value)
            _save(row, item, counts, created)
            for name, related_ids in relations.items():
                getattr(item, name).set(related_ids)
            ledger.imported(model, item, source, file_fields)
        if item is not None:
            kept[key] = item
    if prune:
        for key, item in existing.items():
            row_fields = _row_fields(item, *shape) if shape else None
            if key not in kept and ledger.may_remove(model, item.pk, row_fields):
                item.delete()
                counts["removed"] += 1
    return kept


def _row_fields(item, wanted, relations):
    """What the database holds of a row, in the shape of what the file says."""
    return {
        **{name: getattr(item, name) for name in wanted},
        **{name: sorted(r.pk for r in getattr(item, name).all()) for name in relations},
    }


def import_offences(path, counts, prune, ledger):
    """offences.yaml: every row of its three lists checked before anything is saved; then
    the Acts and cybercrime types, the offences (which name them and guidance pages), what
    replaced each offence (other offences, saved by then) and, pruning, the Acts and types
    that no offence names any more."""
    rows = read_rows(
        path, {"acts": ACT_KEYS, "cybercrime_types": TYPE_KEYS, "offences": OFFENCE_KEYS}
    )
    page_ids = dict(GuidancePage.objects.values_list("path", "pk"))
    _check_offence_file(rows, page_ids)
    acts = _sync(
        Act, rows["acts"], lambda act: act.title, _act_fields, counts, prune=False, ledger=ledger
    )
    types = _sync(
        CybercrimeType,
        rows["cybercrime_types"],
        lambda cybercrime_type: cybercrime_type.slug,
        _type_fields,
        counts,
        prune=False,
        ledger=ledger,
    )

    def offence_relations(row):
        return {
            "cybercrime_types": [types[slug].pk for slug in row.text_list("cybercrime_types")],
            "guidance_pages": [page_ids[path] for path in row.text_list("guidance_pages")],
        }

    offences = _sync(
        Offence,
        rows["offences"],
        lambda offence: offence.slug,
        lambda row: _offence_fields(row, acts),
        counts,
        prune,
        ledger,
        offence_relations,
        related_names=("cybercrime_types", "guidance_pages", "replaced_by"),
    )
    _set_replacements(rows["offences"], offences)
    if prune:
        _prune_unnamed_acts_and_types(acts, types, counts, ledger)


def _act_fields(row):
    return {
        "name": row.text("name", max_length=150),
        "year": row.whole_number("year"),
        "chapter": row.whole_number("chapter"),
    }


def _type_fields(row):
    return {
        "slug": row.text("slug", max_length=80),
        "name": row.text("name", max_length=150),
        "category": row.choice("category", Category),
        "sort_order": row.number,
    }


def _offence_fields(row, acts):
    """`acts`: the saved Acts by title."""
    months, life = parse_longest_sentence(row.values["longest_sentence"])
    return {
        "slug": row.text("slug"),
        "act_id": acts[row.text("act")].pk,
        "section": row.text("section"),
        "title": row.text("title"),
        "conduct": row.text("conduct"),
        "category": row.values["category"],
        "mode_of_trial": row.values["mode_of_trial"],
        "maximum_on_summary_conviction": row.text("maximum_on_summary_conviction", False),
        "maximum_on_indictment": row.text("maximum_on_indictment", False),
        "longest_sentence_months": months,
        "life_sentence": life,
        "source": row.text("source"),
        "penalty_source": row.text("penalty_source"),
        "consent": row.text("consent", False),
        "in_force_from": row.date("in_force_from"),
        "in_force_until": row.date("in_force_until"),
        "transition_note": row.text("transition_note", False),
        "sort_order": row.number,
    }


def _check_offence_file(rows, page_ids):
    """Every row of the three lists, before anything is saved: a bad one stops the import.
    An offence may name only Acts and types of this file, and pages that exist."""
    for row in rows["acts"]:
        _act_fields(row)
    _check_unique(rows["acts"], lambda r: (r.values["name"], r.values["year"]), "name and year")
    for row in rows["cybercrime_types"]:
        _type_fields(row)
    _check_unique(rows["cybercrime_types"], lambda r: r.values["slug"], "slug")
    act_titles = {f"{r.values['name'].strip()} {r.values['year']}" for r in rows["acts"]}
    type_slugs = {r.values["slug"].strip() for r in rows["cybercrime_types"]}
    offence_slugs = {str(r.values.get("slug", "")).strip() for r in rows["offences"]}
    for row in rows["offences"]:
        _check_offence(row, act_titles, type_slugs, page_ids, offence_slugs)
    _check_unique(rows["offences"], lambda r: r.values["slug"], "slug")


def _set_replacements(offence_rows, offences):
    """Each offence's `replaced_by`: other rows, which exist only once every row is saved."""
    for row in offence_rows:
        offence = offences[row.text("slug")]
        wanted = {offences[slug].pk for slug in row.text_list("replaced_by")}
        if {replacement.pk for replacement in offence.replaced_by.all()} != wanted:
            offence.replaced_by.set(wanted)


def _prune_unnamed_acts_and_types(acts, types, counts, ledger):
    """The imported Acts and types gone from the file, once no offence names them."""
    for model, kept in ((CybercrimeType, types), (Act, acts)):
        for item in model.objects.all():
            key = item.slug if model is CybercrimeType else item.title
            if (
                key not in kept
                and ledger.is_imported(model, item.pk)
                and not item.offences.exists()
            ):
                item.delete()
                counts["removed"] += 1


def _check_offence(row, act_titles, type_slugs, page_ids, offence_slugs):
    slug = row.text("slug", max_length=100)
    if row.text("act") not in act_titles:
        raise row.error(f"no act '{row.values['act']}' in the acts list", "act")
    row.text("section", max_length=40)
    row.text("title", max_length=200)
    row.text("conduct")
    row.choice("category", Category)
    row.choice("mode_of_trial", ModeOfTrial)
    row.text("maximum_on_summary_conviction", required=False, max_length=200)
    row.text("maximum_on_indictment", required=False, max_length=300)
    try:
        parse_longest_sentence(row.values.get("longest_sentence", ""))
    except ValueError as error:
        raise row.error(f"'longest_sentence' {error}", "longest_sentence") from None
    row.text("source", max_length=300)
    row.text("penalty_source", max_length=100)
    row.text("consent", required=False, max_length=200)
    started, ended = row.date("in_force_from"), row.date("in_force_until")
    if started and ended and ended <= started:
        raise row.error("'in_force_until' must come after 'in_force_from'", "in_force_until")
    replacements = row.text_list("replaced_by")
    for replacement in replacements:
        if replacement not in offence_slugs or replacement == slug:
            raise row.error(f"no other offence '{replacement}' to replace it", "replaced_by")
    note = row.text("transition_note", required=False)
    if ended and not (replacements or note):
        raise row.error(
            "an offence with 'in_force_until' needs 'replaced_by' or 'transition_note'",
            "in_force_until",
        )
    if (replacements or note) and not ended:
        raise row.error(
            "'replaced_by' and 'transition_note' belong to an offence with 'in_force_until'",
            "replaced_by" if replacements else "transition_note",
        )
    for type_slug in row.text_list("cybercrime_types"):
        if type_slug not in type_slugs:
            raise row.error(f"no cybercrime type '{type_slug}'", "cybercrime_types")
    for path in row.text_list("guidance_pages"):
        if path not in page_ids:
            raise row.error(f"no guidance page at '{path}'", "guidance_pages")


def import_glossary(path, counts, prune, ledger):
    rows = read_rows(path, {"terms": TERM_KEYS})["terms"]

    def term_fields(row):
        return {
            "term": row.text("term", max_length=200),
            "abbreviation": row.text("abbreviation", required=False, max_length=20),
            "definition": row.text("definition", required=False),
        }

    for row in rows:
        term_fields(row)
    _check_unique(rows, lambda r: GlossaryTerm(**term_fields(r)).compute_slug(), "anchor")
    _sync(GlossaryTerm, rows, GlossaryTerm.compute_slug, term_fields, counts, prune, ledger)


def import_welsh_glossary(path, counts, prune, ledger):
    """The Welsh terms, each tied to its English term (already imported) by its text."""
    rows = read_rows(path, {"terms": WELSH_TERM_KEYS})["terms"]
    english = dict(GlossaryTerm.objects.values_list("term", "pk"))

    def term_fields(row):
        english_text = row.text("english", max_length=200)
        if english_text not in english:
            raise row.error(
                f"'english' must be a term exactly as in {GLOSSARY_FILE}: "
                f"there is no '{english_text}'",
                "english",
            )
        return {
            "english_term_id": english[english_text],
            "language": "cy",
            "term": row.text("term", max_length=200),
            "abbreviation": row.text("abbreviation", required=False, max_length=20),
            "definition": row.text("definition", required=False),
        }

    for row in rows:
        term_fields(row)
    _check_unique(rows, lambda r: term_fields(r)["english_term_id"], "English term")
    own_counts = {"created": 0, "updated": 0, "unchanged": 0, "removed": 0}
    _sync(
        GlossaryTermTranslation,
        rows,
        lambda translation: translation.english_term_id,
        term_fields,
        own_counts,
        prune,
        ledger,
    )
    for what, number in own_counts.items():
        if number:
            counts[f"Welsh {what}"] = counts.get(f"Welsh {what}", 0) + number


def import_from(content_dir, prune=False, ledger=None):
    """Create or update offences; the caller holds the transaction.

    They come after the guidance pages, which they name; the glossary comes before them
    (glossary_files), so that new pages are rendered once, with its abbreviations.
    """
    ledger = ledger or ImportLedger(content_dir)
    return _import_file(Path(content_dir) / OFFENCES_FILE, import_offences, prune, ledger)


def import_glossary_from(content_dir, prune=False, ledger=None):
    """Create or update glossary terms; the caller holds the transaction."""
    ledger = ledger or ImportLedger(content_dir)
    counts = _import_file(Path(content_dir) / GLOSSARY_FILE, import_glossary, prune, ledger)
    welsh = Path(content_dir) / WELSH_GLOSSARY_FILE
    if welsh.is_file():
        import_welsh_glossary(welsh, counts, prune, ledger)
    return counts


def _import_file(path, import_rows, prune, ledger):
    counts = {"created": 0, "updated": 0, "unchanged": 0, "removed": 0}
    with batched_rerendering():
        if path.is_file():
            import_rows(path, counts, prune, ledger)
    return counts


def _dump(header, data):
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)
    return header + body


def _without_empty(items):
    return {key: value for key, value in items if value not in ("", [], None)}


def export_to(target_dir):
    target_dir = Path(target_dir)
    target_dir.mkdir(parents=True, exist_ok=True)
    offences = list(
        Offence.objects.select_related("act").prefetch_related(
            "cybercrime_types", "guidance_pages", "replaced_by"
        )
    )
    data = {
        "acts": [
            {"name": act.name, "year": act.year, "chapter": act.chapter}
            for act in Act.objects.order_by("name", "year")
        ],
        "cybercrime_types": [
            {"slug": t.slug, "name": t.name, "category": t.category}
            for t in CybercrimeType.objects.all()
        ],
        "offences": [
            _without_empty(
                [
                    ("slug", o.slug),
                    ("act", o.act.title),
                    ("section", o.section),
                    ("title", o.title),
                    ("conduct", o.conduct),
                    ("category", o.category),
                    ("mode_of_trial", o.mode_of_trial),
                    ("maximum_on_summary_conviction", o.maximum_on_summary_conviction),
                    ("maximum_on_indictment", o.maximum_on_indictment),
                    (
                        "longest_sentence",
                        format_longest_sentence(o.longest_sentence_months, o.life_sentence),
                    ),
                    ("source", o.source),
                    ("penalty_source", o.penalty_source),
                    ("consent", o.consent),
                    ("in_force_from", o.in_force_from),
                    ("in_force_until", o.in_force_until),
                    ("replaced_by", sorted(r.slug for r in o.replaced_by.all())),
                    ("transition_note", o.transition_note),
                    ("cybercrime_types", [t.slug for t in o.cybercrime_types.all()]),
                    ("guidance_pages", sorted(p.path for p in o.guidance_pages.all())),
                ]
            )
            for o in offences
        ],
    }
    (target_dir / OFFENCES_FILE).write_text(
        _dump(OFFENCES_HEADER, data), encoding="utf-8", newline="\n"
    )
    return len(offences)


def export_glossary_to(target_dir):
    target_dir = Path(target_dir)
    target_dir.mkdir(parents=True, exist_ok=True)
    terms = list(GlossaryTerm.objects.order_by("slug"))
    glossary = {
        "terms": [
            _without_empty(
                [("term", t.term), ("abbreviation", t.abbreviation), ("definition", t.definition)]
            )
            for t in terms
        ]
    }
    (target_dir / GLOSSARY_FILE).write_text(
        _dump(GLOSSARY_HEADER, glossary), encoding="utf-8", newline="\n"
    )
    welsh = list(
        GlossaryTermTranslation.objects.select_related("english_term").order_by(
            "english_term__slug"
        )
    )
    if welsh:
        data = {
            "terms": [
                _without_empty(
                    [
                        ("english", t.english_term.term),
                        ("term", t.term),
                        ("abbreviation", t.abbreviation),
                        ("definition", t.definition),
                    ]
                )
                for t in welsh
            ]
        }
        (target_dir / WELSH_GLOSSARY_FILE).write_text(
            _dump(WELSH_GLOSSARY_HEADER, data), encoding="utf-8", newline="\n"
        )
    return len(terms)
