"""Every public page type the quality gates check, with the real content loaded.

When you add a public page type, add a representative URL here: the accessibility crawl,
the HTML validator, the keyboard test and the hostile-input test all read this list.
"""

import datetime

import pytest

NOT_FOUND_URL = "/guidance/no-such-page/"
# The page a deleted guidance page's address answers (410 Gone): see test_gone_page.py.
GONE_PATH = "guidance/cyber-dependent-crimes/hacking"

PUBLIC_PAGES = [
    ("home", "/"),
    ("guidance section (level 0)", "/guidance/"),
    ("guidance page (level 1)", "/guidance/introduction/"),
    ("guidance page with children", "/guidance/cyber-dependent-crimes/"),
    ("guidance page (level 2)", "/guidance/cyber-dependent-crimes/hacking/"),
    (
        "guidance page as it stood on a date",
        f"/guidance/cyber-dependent-crimes/hacking/?as_of={datetime.date.today()}",
    ),
    ("guidance page on a date before it existed", "/guidance/introduction/?as_of=2000-01-01"),
    ("annex A", "/guidance/annex-a/"),
    ("annex C glossary", "/guidance/annex-c/"),
    ("public advice section", "/advice/"),
    ("public advice page (level 2)", "/advice/types-of-cybercrime/phishing/"),
    ("advice page with Exit this page", "/advice/types-of-cybercrime/sextortion/"),
    ("the whole prosecution guidance on one page", "/one-page/guidance/"),
    ("the whole advice on one page", "/one-page/advice/"),
    ("accessibility statement", "/help/accessibility/"),
    ("cookies", "/help/cookies/"),
    ("privacy notice", "/help/privacy/"),
    ("licence", "/help/licence/"),
    ("news list", "/news/"),
    ("news list filtered by tag", "/news/?tag=sexual-offences"),
    ("news item", "/news/academic-who-tormented-victims-online-jailed/"),
    ("prosecution guidance list", "/prosecution-guidance/"),
    ("prosecution guidance entry", "/prosecution-guidance/stalking-and-harassment/"),
    ("tag page", "/tags/cyber-online-crime/"),
    ("search results", "/search/?q=hacking"),
    ("search with no query", "/search/"),
    ("search with no results", "/search/?q=zzqxjv"),
    ("search with a spelling suggestion", "/search/?q=phising"),
    ("search with a best bet", "/search/?q=report+a+scam"),
    ("offence finder", "/offences/"),
    (
        "offence finder filtered and sorted",
        "/offences/?category=cyber-enabled&trial=either-way&sort=maximum",
    ),
    ("offence page", "/offences/computer-misuse-act-1990-s3za/"),
    ("offence finder on a date", "/offences/?on=2023-12-01"),
    ("offence finder with an unreadable date", "/offences/?on=2023-02-30"),
    (
        "repealed limb of an offence",
        "/offences/malicious-communications-act-1988-s1-threats-and-false-information/",
    ),
    ("offence that replaced another", "/offences/online-safety-act-2023-s179/"),
    ("glossary A to Z", "/glossary/"),
    ("digital MOT questions", "/digital-mot/"),
    ("feedback thank you", "/feedback/thanks/?page=%2Fadvice%2F"),
    ("feedback what went wrong, too late", "/feedback/what-went-wrong/?ticket=old"),
]

# One page of each public type at its Welsh address (/cy/…): the quality gates above check
# them as they check the English ones, and tests/languages checks their language.
WELSH_PAGE_TYPES = [
    "home",
    "guidance section (level 0)",
    "guidance page (level 2)",
    "public advice section",
    "advice page with Exit this page",
    "the whole advice on one page",
    "accessibility statement",
    "news list",
    "news item",
    "prosecution guidance list",
    "prosecution guidance entry",
    "tag page",
    "search results",
    "search with no results",
    "offence finder",
    "offence page",
    "glossary A to Z",
    "digital MOT questions",
    "feedback thank you",
]
WELSH_PAGES = [
    (f"{name}, in Welsh", f"/cy{url}") for name, url in PUBLIC_PAGES if name in WELSH_PAGE_TYPES
]
ENGLISH_PAGES = list(PUBLIC_PAGES)
PUBLIC_PAGES += WELSH_PAGES


def found_by_the_search_backend(url):
    """Whether the page shows what the search backend finds: SQLite's FTS5 and PostgreSQL's
    full-text search find other results and suggest other spellings, so such a page can
    render differently on each database. Every other page renders alike on both."""
    return url.split("?")[0].removeprefix("/cy") == "/search/"


def each_page_marked_by_database(pages):
    """One pytest parameter a page, those that render alike on every database marked
    database_independent (.ci/run's PostgreSQL pass skips them: the SQLite pass ran them)."""
    return [
        pytest.param(
            name,
            url,
            marks=[] if found_by_the_search_backend(url) else [pytest.mark.database_independent],
        )
        for name, url in pages
    ]


def pages_split_by_database(pages):
    """The pages as two pytest parameters: those that render alike on every database (marked
    database_independent), then the search pages, which every pass checks."""
    searches = [page for page in pages if found_by_the_search_backend(page[1])]
    alike = [page for page in pages if page not in searches]
    return [
        pytest.param(
            alike, marks=pytest.mark.database_independent, id="pages every database renders alike"
        ),
        pytest.param(searches, id="search pages"),
    ]
