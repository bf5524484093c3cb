"""A deterministic content folder of any size, in the shape `import_content` reads.

Two trees (content/guidance/, content/advice/) of three to four levels, each page about
1 500 words with `##` and `###` headings, lists and a table, tagged with zero to two of the
portal's tags; news items and prosecution guidance entries tagged the same way; and the
portal's glossary, whose abbreviations every body is marked up with. The same
size and seed always give the same files, byte for byte.

The words come from search_bench's generator (a Zipf-like vocabulary with the domain's
words and phrases mixed in), so searches find realistic numbers of matches.
"""

import datetime
import math
import random
import shutil
from pathlib import Path

import yaml
from search_bench import DOMAIN_WORDS, sentence, vocabulary

TAGS = ["Cyber / online crime", "Sexual offences", "International", "Domestic abuse"]
SECTIONS = ["guidance", "advice"]
ROOT = Path(__file__).resolve().parent.parent


def fan_out(page_count):
    """Children per page so that two trees of depth 4 (root + 3 levels) hold page_count."""
    return max(2, math.ceil((page_count / len(SECTIONS)) ** (1 / 3)))


def paragraph(rng, common, sentences):
    return " ".join(sentence(rng, common, rng.randint(10, 22)) for _ in range(sentences))


def page_body(rng, common):
    """About 1 500 words: an opening, then five `##` parts with a `###`, a list, a table."""
    parts = [paragraph(rng, common, 4)]
    for number in range(5):
        parts.append("## " + sentence(rng, common, rng.randint(2, 5)).rstrip("."))
        parts.append(paragraph(rng, common, 5))
        parts.append("### " + sentence(rng, common, rng.randint(2, 4)).rstrip("."))
        parts.append(paragraph(rng, common, 4))
        parts.append("\n".join(f"- {sentence(rng, common, rng.randint(5, 10))}" for _ in range(5)))
        if number % 2 == 0:
            rows = ["| Offence | Section | Maximum penalty |", "| --- | --- | --- |"]
            for _ in range(4):
                words = [sentence(rng, common, 3).rstrip(".") for _ in range(3)]
                rows.append("| " + " | ".join(words) + " |")
            parts.append("\n".join(rows))
        parts.append(paragraph(rng, common, 3))
    return "\n\n".join(parts) + "\n"


def front_matter(meta):
    return "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True) + "---\n"


def title_for(rng, common):
    title = sentence(rng, common, rng.randint(2, 5)).rstrip(".").title()
    if rng.random() < 0.2:
        title = f"{rng.choice(DOMAIN_WORDS).title()} {title}"
    return title


def pick_tags(rng):
    return sorted(rng.sample(TAGS, rng.choice([0, 1, 1, 2])))


def write_page(rng, common, file, order):
    meta = {
        "title": title_for(rng, common),
        "summary": sentence(rng, common, 14),
        "order": order,
        "status": "published",
    }
    tags = pick_tags(rng)
    if tags:
        meta["tags"] = tags
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(front_matter(meta) + page_body(rng, common))


def plan_tree(page_count):
    """Slug paths of every page, breadth first, so depth 4 fills last: [(path, order, kids)]."""
    width = fan_out(page_count)
    levels = [[(section,) for section in SECTIONS]]
    total = len(SECTIONS)
    while total < page_count:
        level = []
        for parent in levels[-1]:
            for number in range(1, width + 1):
                if total == page_count:
                    break
                level.append((*parent, f"page-{number}"))
                total += 1
        levels.append(level)
    return [path for level in levels for path in level]


def generate(target, page_count, seed=1):
    """Write the corpus under target/ and return what a benchmark needs to know about it."""
    rng = random.Random(seed)
    common = vocabulary(rng)
    target = Path(target)
    paths = plan_tree(page_count)
    parents = {path[:-1] for path in paths if len(path) > 1}
    for path in paths:
        folder = target.joinpath(*path[:-1])
        if len(path) == 1 or path in parents:
            file = target.joinpath(*path, "index.md")
        else:
            file = folder / f"{path[-1]}.md"
        order = int(path[-1].removeprefix("page-")) if len(path) > 1 else 1
        write_page(rng, common, file, order)

    start = datetime.date(2024, 1, 1)
    for kind, count in (("news", max(20, page_count // 10)), ("prosecution-guidance", 20)):
        folder = target / kind
        folder.mkdir(parents=True, exist_ok=True)
        for number in range(count):
            when = start + datetime.timedelta(days=number)
            meta = {"title": title_for(rng, common)}
            meta["date" if kind == "news" else "updated"] = when
            meta["summary"] = sentence(rng, common, 12)
            meta["tags"] = pick_tags(rng) or [TAGS[0]]
            meta["status"] = "published"
            body = "\n\n".join(paragraph(rng, common, 4) for _ in range(3)) + "\n"
            (folder / f"{kind}-{number}.md").write_text(front_matter(meta) + body)

    # The portal's own glossary: every body is rendered with its abbreviations, as on the site.
    shutil.copyfile(ROOT / "content" / "glossary.yaml", target / "glossary.yaml")

    deepest = max(len(path) for path in paths)
    deep_pages = [path for path in paths if len(path) == deepest]
    deep_page = deep_pages[len(deep_pages) // 2]  # in the middle of the tree, with siblings
    return {
        "pages": len(paths),
        "fan_out": fan_out(page_count),
        "depth": deepest,
        "deep_page": "/" + "/".join(deep_page) + "/",
    }
