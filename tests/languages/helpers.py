"""Reading a page's language markup: <html lang>, hreflang links and the header's language link."""

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

HTML_LANG_RE = re.compile(r'<html lang="([^"]+)"')
HREFLANG_RE = re.compile(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">')
LANGUAGE_LINK_RE = re.compile(
    r'<a class="language-link" href="([^"]+)" lang="([^"]+)" hreflang="[^"]+">([^<]+)</a>'
)


@dataclass
class LanguageMarkup:
    lang: str
    alternates: dict  # hreflang -> path
    link_path: str
    link_lang: str
    link_text: str


def language_markup(response):
    html = response.content.decode()
    lang = HTML_LANG_RE.search(html)
    link = LANGUAGE_LINK_RE.search(html)
    assert lang and link, "the page has no <html lang> or no language link"
    return LanguageMarkup(
        lang=lang.group(1),
        alternates={code: urlsplit(url).path for code, url in HREFLANG_RE.findall(html)},
        link_path=link.group(1),
        link_lang=link.group(2),
        link_text=link.group(3),
    )
