"""The pages of a bench corpus folder (bench/corpus.py), in the order a tree is built.

No Django here: the portal's tests read it with the portal's Python (no Wagtail there).
"""

from dataclasses import dataclass
from pathlib import Path

import yaml


@dataclass(frozen=True)
class CorpusPage:
    path: tuple  # slugs from the site's root: ("guidance", "page-1", "page-2")
    meta: dict  # the front matter: title, summary, order, date...
    body_markdown: str


def read_page(file, path):
    text = file.read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    return CorpusPage(path, yaml.safe_load(front) or {}, body)


def corpus_pages(folder):
    """Every page of the folder, parents before their children and siblings in their
    `order`: a folder's index.md is the folder's page (a folder without one, such as news/,
    gets a page titled after it, with no body), any other .md file a page named after it."""
    folder = Path(folder)
    pages = []
    for directory in sorted(path for path in folder.rglob("*") if path.is_dir()):
        path = directory.relative_to(folder).parts
        index = directory / "index.md"
        if index.exists():
            pages.append(read_page(index, path))
        else:
            title = path[-1].replace("-", " ").capitalize()
            pages.append(CorpusPage(path, {"title": title}, ""))
    for file in folder.rglob("*.md"):
        if file.name != "index.md":
            relative = file.relative_to(folder)
            pages.append(read_page(file, (*relative.parent.parts, relative.stem)))

    def position(page):
        return (len(page.path), page.path[:-1], page.meta.get("order", 0), page.path[-1])

    return sorted(pages, key=position)


def glossary_abbreviations(folder):
    """{abbreviation: what it stands for} from the corpus's glossary.yaml, as the portal
    marks them up on every page."""
    glossary = Path(folder) / "glossary.yaml"
    if not glossary.exists():
        return {}
    terms = yaml.safe_load(glossary.read_text(encoding="utf-8")).get("terms", [])
    return {term["abbreviation"]: term["term"] for term in terms if term.get("abbreviation")}
