"""Every interface string has its Welsh, and no English one is left on a Welsh page."""

import ast
import gettext
import html
import re
from pathlib import Path

import pytest
from django.conf import settings

from tests.quality.pages import WELSH_PAGES

PO_FILE = Path(settings.BASE_DIR) / "locale/cy/LC_MESSAGES/django.po"
MO_FILE = PO_FILE.with_suffix(".mo")
ENTRY_LINE_RE = re.compile(r'^(msgid|msgid_plural|msgstr(?:\[\d+\])?) (".*")$')
PLACEHOLDER_RE = re.compile(r"%\(\w+\)s|\{\w+\}")
# Where English stays on a Welsh page on purpose: content marked lang="en" (the prosecution
# guidance, pages not translated yet) and names that are English in both languages.
ENGLISH_ELEMENT_RE = re.compile(r'<(\w+)[^>]*\blang="en"[^>]*>.*?</\1>', re.DOTALL)
# The title, description and JSON-LD come from the page's content: English where it has no
# Welsh version.
CONTENT_IN_HEAD_RE = re.compile(
    r'<title>.*?</title>|<meta [^>]*>|<script type="application/ld\+json">.*?</script>', re.DOTALL
)


def po_entries(path=PO_FILE):
    """[(msgid, [msgstr, …])] of a .po file, header left out."""
    entries, fields, current = [], {}, None

    def flush():
        if "msgid" in fields and fields["msgid"]:
            strings = [value for key, value in sorted(fields.items()) if key.startswith("msgstr")]
            entries.append((fields["msgid"], strings))

    for line in path.read_text(encoding="utf-8").splitlines():
        match = ENTRY_LINE_RE.match(line)
        if match:
            if match.group(1) == "msgid":
                flush()
                fields = {}
            current = match.group(1)
            fields[current] = ast.literal_eval(match.group(2))
        elif line.startswith('"') and current:
            fields[current] += ast.literal_eval(line)
        else:
            current = None
    flush()
    return entries


def test_every_interface_string_has_a_welsh_translation():
    untranslated = [msgid for msgid, strings in po_entries() if not all(strings)]
    assert untranslated == []


def test_every_translation_keeps_the_placeholders_of_its_english():
    wrong = [
        msgid
        for msgid, strings in po_entries()
        for string in strings
        if sorted(set(PLACEHOLDER_RE.findall(string))) != sorted(set(PLACEHOLDER_RE.findall(msgid)))
        and "%(number)s" not in msgid  # a Welsh plural may spell out "two"
        and "%(total)s" not in msgid
    ]
    assert wrong == []


def test_the_compiled_catalogue_is_the_current_po_file():
    assert MO_FILE.exists(), "run make (it compiles the messages with msgfmt)"
    assert MO_FILE.stat().st_mtime >= PO_FILE.stat().st_mtime, "run make: the .mo is older"
    with MO_FILE.open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)
    for msgid, strings in po_entries():
        assert catalogue.gettext(msgid) == strings[0] or len(strings) > 1


def english_interface_strings():
    """The interface's English sentences and phrases that a Welsh page must not show."""
    strings = []
    for msgid, translations in po_entries():
        for part in PLACEHOLDER_RE.split(re.sub(r"<[^>]+>", "\n", msgid)):
            for piece in part.split("\n"):
                piece = piece.strip(" .,:;()“”")
                # Long enough not to be a word shared by both languages ("Beta", "PDF").
                if len(piece) >= 12 and piece not in translations[0]:
                    strings.append(piece)
    return sorted(set(strings))


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "url"), WELSH_PAGES, ids=lambda v: v)
def test_no_english_interface_string_is_left_on_a_welsh_page(shipped_content, client, name, url):
    page = CONTENT_IN_HEAD_RE.sub("", client.get(url).content.decode())
    text = html.unescape(ENGLISH_ELEMENT_RE.sub("", page))
    left = [string for string in english_interface_strings() if string in text]
    assert left == []
