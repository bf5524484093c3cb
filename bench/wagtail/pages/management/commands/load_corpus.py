"""Load a bench corpus folder as Wagtail pages, the way an editor would publish them.

Each file's Markdown is rendered with the Python-Markdown extensions the portal's pipeline
uses (tables, footnotes, sane lists, a contents list of h2 and h3, the glossary's
abbreviations), then `parent.add_child(instance=page)` and `page.save_revision().publish()`
page by page, all in one transaction as the portal's `import_content` is. Wagtail's signal
handlers index each page for its search backend.
"""

import markdown
from django.core.management.base import BaseCommand
from django.db import transaction
from markdown.extensions.toc import TocExtension
from wagtail.models import Page, Site

from pages.corpus_files import corpus_pages, glossary_abbreviations
from pages.models import BenchPage


def markdown_converter(abbreviations):
    return markdown.Markdown(
        extensions=[
            "tables",
            "footnotes",
            "sane_lists",
            TocExtension(permalink=False, toc_depth="2-3"),
            "abbr",
        ],
        extension_configs={
            "footnotes": {"BACKLINK_TITLE": "Back to reference %d"},
            "abbr": {"glossary": abbreviations},
        },
        output_format="html",
    )


def new_home():
    """A BenchPage in place of the "Welcome to Wagtail" page the migrations create."""
    root = Page.get_first_root_node()
    welcome = list(root.get_children())
    home = root.add_child(instance=BenchPage(title="Home", slug="bench-home"))
    # Before the old page goes: a Site is deleted with its root page.
    Site.objects.update_or_create(
        is_default_site=True, defaults={"root_page": home, "hostname": "localhost"}
    )
    for page in welcome:
        page.delete()
    return home


class Command(BaseCommand):
    help = "Load a bench corpus folder (bench/corpus.py) as published Wagtail pages."

    def add_arguments(self, parser):
        parser.add_argument("folder")

    def handle(self, folder, **options):
        converter = markdown_converter(glossary_abbreviations(folder))
        with transaction.atomic():
            parents = {(): new_home()}
            for corpus_page in corpus_pages(folder):
                meta = corpus_page.meta
                page = BenchPage(
                    title=meta["title"],
                    slug=corpus_page.path[-1],
                    summary=meta.get("summary", ""),
                    body=converter.reset().convert(corpus_page.body_markdown),
                    date=meta.get("date") or meta.get("updated"),
                )
                parents[corpus_page.path[:-1]].add_child(instance=page)
                page.save_revision().publish()
                parents[corpus_page.path] = page
        self.stdout.write(f"loaded {len(parents) - 1} pages")
