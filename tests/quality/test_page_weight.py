"""Page weight: every public page loads one small stylesheet, a little deferred JavaScript
and no web fonts, whatever phone the reader has."""

import re
from html.parser import HTMLParser

import pytest
from django.contrib.staticfiles import finders

from .pages import PUBLIC_PAGES

pytestmark = pytest.mark.django_db

# 18.8 kB before the statements, "Exit this page", the phone layout and the whole guide.
MOST_CSS_BYTES = 24_000
MOST_JS_BYTES = 5_000


class Assets(HTMLParser):
    """The stylesheets and scripts a page's <head> and <body> ask the browser for."""

    def __init__(self):
        super().__init__()
        self.stylesheets, self.scripts = [], []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "link" and attributes.get("rel") == "stylesheet":
            self.stylesheets.append(attributes)
        elif tag == "script" and attributes.get("type") != "application/ld+json":
            self.scripts.append(attributes)  # JSON-LD is data, never run or fetched


def static_file(url):
    path = finders.find(url.removeprefix("/static/"))
    assert path, f"{url} is not a static file of ours"
    with open(path, "rb") as file:
        return file.read()


@pytest.mark.parametrize("name, url", PUBLIC_PAGES)
def test_a_page_loads_one_small_stylesheet_and_only_deferred_small_scripts(
    client, shipped_content, name, url
):
    assets = Assets()
    assets.feed(client.get(url).text)
    assert len(assets.stylesheets) == 1, name
    assert all("media" not in sheet for sheet in assets.stylesheets)
    css = b"".join(static_file(sheet["href"]) for sheet in assets.stylesheets)
    assert len(css) < MOST_CSS_BYTES, name
    assert all("src" in script for script in assets.scripts), "no inline scripts"
    assert all("defer" in script or "async" in script for script in assets.scripts), name
    javascript = b"".join(static_file(script["src"]) for script in assets.scripts)
    assert len(javascript) < MOST_JS_BYTES, name


def test_no_web_fonts(client, shipped_content):
    html = client.get("/guidance/cyber-dependent-crimes/hacking/").text
    (stylesheet,) = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    css = static_file(stylesheet).decode()
    assert "@font-face" not in css and "@import" not in css
    assert "fonts.googleapis" not in html and ".woff" not in html
