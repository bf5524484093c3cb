"""The Wagtail comparison's own parts that need no Wagtail: which pages `load_corpus` builds,
in which order, and the table bench/wagtail_bench.py writes. (Wagtail itself is installed
only by the bench, in a venv of its own: never here.)"""

import importlib.util
import sys
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.database_independent  # it reads files it writes itself

BENCH = Path(settings.BASE_DIR) / "bench"


def load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def bench_modules(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCH))  # corpus.py imports search_bench by name
    yield
    for name in ("corpus", "search_bench", "site_bench", "wagtail_bench"):
        sys.modules.pop(name, None)


@pytest.fixture
def corpus_40(tmp_path, bench_modules):
    corpus = load("corpus", BENCH / "corpus.py")
    shape = corpus.generate(tmp_path, 40)
    return tmp_path, shape


corpus_files = load("corpus_files", BENCH / "wagtail" / "pages" / "corpus_files.py")


def test_every_corpus_file_becomes_a_page_after_its_parent(corpus_40):
    folder, shape = corpus_40
    pages = corpus_files.corpus_pages(folder)
    paths = [page.path for page in pages]
    # 40 guidance pages, 20 news items, 20 prosecution guidance entries and the two folders
    # that hold those without an index.md.
    assert len(paths) == shape["pages"] + 20 + 20 + 2
    assert len(set(paths)) == len(paths)
    for position, path in enumerate(paths):
        if len(path) > 1:
            assert path[:-1] in paths[:position], path
    deep_page = tuple(shape["deep_page"].strip("/").split("/"))
    assert deep_page in paths
    assert len(deep_page) == 4  # a section, then 3 levels below it


def test_siblings_come_in_their_order_and_carry_their_front_matter(corpus_40):
    folder, _ = corpus_40
    pages = corpus_files.corpus_pages(folder)
    children = [page for page in pages if page.path[:-1] == ("guidance",)]
    assert [page.path[-1] for page in children] == ["page-1", "page-2", "page-3"]
    assert [page.meta["order"] for page in children] == [1, 2, 3]
    assert all(page.meta["title"] and page.body_markdown.strip() for page in children)
    news = next(page for page in pages if page.path == ("news",))
    assert news.meta == {"title": "News"} and news.body_markdown == ""


def test_the_glossary_gives_the_abbreviations_the_portal_marks_up(corpus_40):
    folder, _ = corpus_40
    abbreviations = corpus_files.glossary_abbreviations(folder)
    assert abbreviations["CMA"] == "Computer Misuse Act 1990"
    assert "Booter or stresser" not in abbreviations.values()  # a term with no abbreviation


def test_the_table_divides_wagtail_by_the_portal(bench_modules):
    wagtail_bench = load("wagtail_bench", BENCH / "wagtail_bench.py")

    def page(rps, ratio):
        return {"page": {"rps": rps, "ratio_to_static": ratio, "load_average": 2.0}}

    def imported(wall, cpu, postgres_cpu):
        return {"wall_s": wall, "cpu_s": cpu, "postgres_cpu_s": postgres_cpu, "load_average": 2}

    results = {
        "versions": {"wagtail": "8.0.1", "django": "6.1.3", "markdown": "3.10"},
        "sizes": [
            {
                "pages": 1000,
                "deep_page": "/guidance/page-1/page-2/page-3/",
                "import": {"portal": imported(10, 15, 5), "wagtail": imported(80, 120, 40)},
                "page_rate": {"portal": page(600, 0.25), "wagtail": page(100, 0.04)},
            }
        ],
    }
    table = wagtail_bench.markdown_table(results)
    assert "| 1000 | 10 s wall; 15 + 5 s CPU (load 2) |" in table
    assert "| 8.0× wall, 8.0× CPU |" in table
    assert "| 600 | 0.250 | 100 | 0.040 | 6.2× | 2.0 / 2.0 |" in table
