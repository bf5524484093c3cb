"""Load a generated content folder fast, for sizes whose `import_content` takes too long.

Not how content gets in: `import_content` saves page by page (the tree lock, django-mptt's
renumbering, the search index), and the benchmark times exactly that. This loader gives the
same rows by another road (the same files, the same Markdown pipeline run on both cores,
tree numbers computed once, tags and the search index rebuilt at the end), so the serving
side can be measured with a tree too large to import in the time there is. The benchmark
says which road each size took.

    DATABASE_URL=... python bench/bulk_load.py CONTENT_DIR
"""

import os
import sys
from multiprocessing import Pool
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def rendered(body):
    from guidance.rendering import render_markdown

    result = render_markdown(body)
    headings = [{"level": h.level, "text": h.text, "anchor": h.anchor} for h in result.headings]
    return result.html, headings


def tree_numbers(files):
    """tree_id, lft, rght and level for every path, in the order the tree will be read."""
    children = {}
    for page in files:
        children.setdefault(page.parent_path, []).append(page)
    numbers = {}

    def number(page, tree_id, counter, level):
        lft = counter
        counter += 1
        for child in sorted(children.get(page.path, []), key=lambda p: (p.order, p.title)):
            counter = number(child, tree_id, counter, level + 1)
        numbers[page.path] = (tree_id, lft, counter, level)
        return counter + 1

    roots = sorted(children.get(None, []), key=lambda p: (p.order, p.title))
    for tree_id, root in enumerate(roots, start=1):
        number(root, tree_id, 1, 0)
    return numbers


def load(content_dir):
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    from guidance.models import GuidancePage
    from guidance.page_files import read_page_files
    from news import content_files as news_files
    from news.tagging import set_page_tags
    from pagecache.generations import forget_all_pages

    files = read_page_files(content_dir)
    with Pool(os.cpu_count()) as pool:
        bodies = pool.map(rendered, [page.body for page in files], chunksize=50)
    numbers = tree_numbers(files)
    with transaction.atomic():
        pk_by_path = {}
        for depth in sorted({page.path.count("/") for page in files}):
            level_files = [
                (page, body) for page, body in zip(files, bodies, strict=True)
                if page.path.count("/") == depth
            ]  # fmt: skip
            pages = []
            for page, (html, headings) in level_files:
                tree_id, lft, rght, level = numbers[page.path]
                pages.append(
                    GuidancePage(
                        title=page.title, slug=page.slug, path=page.path, summary=page.summary,
                        sibling_order=page.order, status=page.status, body_markdown=page.body,
                        body_html=html, headings=headings, tree_id=tree_id, lft=lft,
                        rght=rght, level=level, parent_id=pk_by_path.get(page.parent_path),
                    )
                )  # fmt: skip
            for created in GuidancePage.objects.bulk_create(pages, batch_size=500):
                pk_by_path[created.path] = created.pk
        set_page_tags({pk_by_path[page.path]: page.tags for page in files})
        news_files.import_from(content_dir)
    call_command("rebuild_search_index", stdout=open(os.devnull, "w"))  # noqa: SIM115
    call_command("check_tree", stdout=open(os.devnull, "w"))  # noqa: SIM115
    forget_all_pages()


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    load(sys.argv[1])
