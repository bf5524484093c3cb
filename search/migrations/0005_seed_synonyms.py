"""The first synonyms: words readers type that the pages put another way. Editors change
them in the admin (Site search → Synonyms); this migration only adds those missing."""

from django.db import migrations

SEED_SYNONYMS = {
    "revenge porn": ["intimate image abuse", "intimate image"],
    "nudes": ["intimate image", "sextortion"],
    "nude photos": ["intimate image", "sextortion"],
    "cyber stalking": ["cyberstalking"],
    "cyber bullying": ["cyberbullying"],
    "cyber flashing": ["cyberflashing"],
    "scam": ["fraud"],
    "scammed": ["fraud"],
    "con": ["fraud"],
    "ddos": ["denial of service"],
    "dos attack": ["denial of service"],
    "csam": ["indecent images of children", "child sexual abuse material"],
    "iioc": ["indecent images of children"],
    "child porn": ["indecent images of children"],
    "virus": ["malware"],
    "trojan": ["malware"],
    "spyware": ["stalkerware"],
    "tracking app": ["stalkerware"],
    "crypto": ["cryptocurrency"],
    "catfish": ["romance fraud"],
    "catfished": ["romance fraud"],
    "action fraud": ["report fraud"],
    "stole my identity": ["identity theft"],
    "stolen identity": ["identity theft"],
    "coercive control": ["controlling or coercive behaviour"],
    "hacker": ["hacking"],
    "hacked": ["hacking", "account hacking"],
    "fake text": ["smishing", "phishing"],
    "fake email": ["phishing"],
    "trolling": ["harassment", "malicious communications"],
    "pha": ["protection from harassment act"],
    "soa": ["sexual offences act"],
    "cja": ["criminal justice act"],
    "cjia": ["criminal justice and immigration act"],
    "dpa": ["data protection act"],
    "ipa": ["investigatory powers act"],
    "sentence": ["maximum", "penalty"],
    "penalty": ["maximum"],
}


def add_seed_synonyms(apps, schema_editor):
    Synonym = apps.get_model("search", "Synonym")
    existing = set(Synonym.objects.values_list("phrase", flat=True))
    Synonym.objects.bulk_create(
        Synonym(phrase=phrase, meanings="\n".join(meanings))
        for phrase, meanings in SEED_SYNONYMS.items()
        if phrase not in existing
    )


class Migration(migrations.Migration):
    dependencies = [("search", "0004_synonyms_best_bets_and_search_counts")]

    operations = [migrations.RunPython(add_seed_synonyms, migrations.RunPython.noop)]
