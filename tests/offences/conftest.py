"""Small offence and glossary data built with the ORM."""

import pytest

from offences.models import Act, CybercrimeType, GlossaryTerm, ModeOfTrial, Offence


@pytest.fixture
def make_act(db):
    def make(name="Computer Misuse Act", year=1990, chapter=18):
        act, _ = Act.objects.get_or_create(name=name, year=year, defaults={"chapter": chapter})
        return act

    return make


@pytest.fixture
def make_type(db):
    def make(slug, category="cyber-dependent", sort_order=0):
        return CybercrimeType.objects.create(
            slug=slug,
            name=slug.replace("-", " ").capitalize(),
            category=category,
            sort_order=sort_order,
        )

    return make


@pytest.fixture
def make_offence(make_act):
    def make(section, title, act=None, types=(), pages=(), **fields):
        values = {
            "slug": f"test-{section}".lower().replace("(", "-").replace(")", ""),
            "conduct": f"The conduct of {title}.",
            "category": "cyber-dependent",
            "mode_of_trial": ModeOfTrial.EITHER_WAY,
            "maximum_on_summary_conviction": "12 months and/or a fine (general limit)",
            "maximum_on_indictment": "2 years",
            "longest_sentence_months": 24,
            "penalty_source": "s1(3)",
            "sort_order": Offence.objects.count(),  # in the order they are made
        }
        values.update(fields)
        act = act or make_act()
        number = "".join(c for c in section.split("(")[0] if c.isalnum())[1:] or "1"
        values.setdefault("source", f"{act.legislation_url}/section/{number}")
        offence = Offence(act=act, section=section, title=title, **values)
        offence.full_clean()
        offence.save()
        offence.cybercrime_types.set(types)
        offence.guidance_pages.set(pages)
        return offence

    return make


@pytest.fixture
def glossary(db):
    return [
        GlossaryTerm.objects.create(term="Denial of service", abbreviation="DoS"),
        GlossaryTerm.objects.create(
            term="Distributed denial of service",
            abbreviation="DDoS",
            definition="An attack from many computers at once.",
        ),
        GlossaryTerm.objects.create(term="Internet Protocol", abbreviation="IP"),
        GlossaryTerm.objects.create(term="Malware", definition="Malicious software."),
    ]
