"""News and prosecution guidance files: imported like guidance pages, exported byte for byte."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from guidance.models import GuidancePage
from publications.models import NewsItem, ProsecutionGuidance
from tags.models import Tag

from ..content import run_import

pytestmark = pytest.mark.django_db

NEWS = """---
title: Officer sentenced
date: 2017-09-29
summary: A short summary.
tags:
- Cyber / online crime
status: published
---
Body text.
"""
GUIDANCE = """---
title: Stalking and harassment
updated: 2018-05-23
summary: The offences.
url: https://www.cps.gov.uk/
tags:
- Cyber / online crime
- Domestic abuse
status: published
---
Body.
"""
PAGE = """---
title: Guidance
order: 1
status: published
tags:
- Cyber / online crime
---
Text.
"""


@pytest.fixture
def content_dir(tmp_path):
    (tmp_path / "news").mkdir()
    (tmp_path / "prosecution-guidance").mkdir()
    (tmp_path / "guidance").mkdir()
    (tmp_path / "news/officer-sentenced.md").write_text(NEWS)
    (tmp_path / "prosecution-guidance/stalking-and-harassment.md").write_text(GUIDANCE)
    (tmp_path / "guidance/index.md").write_text(PAGE)
    return tmp_path


def test_files_create_items_tags_and_page_tags(content_dir):
    run_import(content_dir)
    item = NewsItem.objects.get(slug="officer-sentenced")
    assert item.published_on.isoformat() == "2017-09-29"
    assert "<p>Body text.</p>" in item.body_html
    entry = ProsecutionGuidance.objects.get(slug="stalking-and-harassment")
    assert sorted(t.slug for t in entry.tags.all()) == ["cyber-online-crime", "domestic-abuse"]
    page = GuidancePage.objects.get(path="guidance")
    assert [t.name for t in page.tags.all()] == ["Cyber / online crime"]
    assert Tag.objects.count() == 2


def test_a_second_import_changes_nothing(content_dir):
    run_import(content_dir)
    report = run_import(content_dir)
    assert "news and prosecution guidance: 0 created, 0 updated, 2 unchanged" in report
    assert "0 tags changed" in report


def test_export_reproduces_the_files_byte_for_byte(content_dir, tmp_path_factory):
    run_import(content_dir)
    target = tmp_path_factory.mktemp("exported")
    call_command("export_content", str(target), stdout=StringIO())
    for relative in (
        "news/officer-sentenced.md",
        "prosecution-guidance/stalking-and-harassment.md",
        "guidance/index.md",
    ):
        assert (target / relative).read_bytes() == (content_dir / relative).read_bytes()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (NEWS.replace("date: 2017-09-29\n", ""), "'date' must be a date"),
        (NEWS.replace("2017-09-29", "yesterday"), "officer-sentenced.md:3: 'date' must be"),
        (NEWS.replace("- Cyber / online crime", "  key: value"), "'tags' must be a list"),
        (NEWS.replace("status: published", "status: live"), "'status' must be"),
    ],
)
def test_a_bad_news_file_is_named_and_nothing_is_imported(content_dir, text, message):
    (content_dir / "news/officer-sentenced.md").write_text(text)
    with pytest.raises(CommandError, match=message):
        run_import(content_dir)
    assert not NewsItem.objects.exists()
    assert not GuidancePage.objects.exists()
