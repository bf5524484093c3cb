"""What a set of searches finds, compared between checkouts: the same results, in the same
order, with the same snippets, and the same counts (up to the cap on counting).

Not a test: a check on a bench corpus, for a change that must not change what a search
finds (a faster statement, another index). For each NAME=CHECKOUT:DATABASE_URL it starts
one Python process in that checkout against that database, with bench/search_cpu.py's cold
settings (nothing cached), and runs every query of QUERIES through `run_search` in every
kind and in the news tab, pages 1 and 2. It compares each outcome with the first
checkout's: totals and counts by kind (where a checkout caps its counts at
SEARCH_EXACT_COUNT_UP_TO, both sides are read through the lower cap), the fallback to any
word, the suggestion and correction, and each result's address, kind, title and snippet,
best bets included. It prints the differences (none: exit status 0) and writes every
outcome as JSON.

    .venv/bin/python bench/search_outcomes.py --redis-url redis://127.0.0.1:6379/8 \\
        main=/tmp/main:postgres://postgres@127.0.0.1:5432/mine_b10k \\
        branch=.:postgres://postgres@127.0.0.1:5432/mine_a10k
"""

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import search_bench  # noqa: E402
import search_cpu  # noqa: E402
import site_bench  # noqa: E402

# The judged set's queries (search/relevance/judged.yaml), search_bench.py's, and more of
# the costly kinds: common words, three words, and the fallback to any word.
MORE_QUERIES = [
    "computer misuse evidence",
    "evidence",
    "offence",
    "misuse of computers",
    "fraud",
    "hacking email account",
    "the",
    "police evidence court",
    "computer zebra",
    "hacking zebra",
    "evidence unicorn misuse",
    "fraud zebra court",
    "section 3ZA zebra",
    "computer misuse zebra",
    "computer crocodile",
    "court zebra unicorn",
    "scam quokka",
    "ransomware",
    "hacking",
    "hacking email",
]
TABS = ["", "news"]
PAGES = [1, 2]


def queries():
    from search.relevance import load_judged_set

    judged = [query.text for query in load_judged_set()]
    return list(dict.fromkeys([*judged, *search_bench.QUERIES, *MORE_QUERIES]))


def outcome_facts(outcome):
    return {
        "total": outcome.total,
        "total_all_kinds": outcome.total_all_kinds,
        "total_with_all_words": outcome.total_with_all_words,
        "counts": {count.kind: count.count for count in outcome.kinds},
        "match_any": outcome.match_any,
        "suggestion": outcome.suggestion,
        "corrected_from": outcome.corrected_from,
        "page": outcome.page.number if outcome.page else None,
        "results": [
            [result.url, result.kind, result.title_html, result.snippet_html, result.recommended]
            for result in outcome.first_results
        ],
    }


def child():
    """In the checkout's folder, with its settings: every outcome as one JSON line."""
    sys.path.insert(0, os.getcwd())
    import django

    django.setup()
    from django.conf import settings

    from search.searching import run_search

    outcomes = {}
    texts = queries()
    for text in texts:
        for kind in TABS:
            for page in PAGES:
                outcome = run_search(text, kind, page)
                outcomes[json.dumps([text, kind, page])] = outcome_facts(outcome)
    cap = getattr(settings, "SEARCH_EXACT_COUNT_UP_TO", None)
    print(json.dumps({"cap": cap, "queries": len(texts), "outcomes": outcomes}), flush=True)


def through_cap(facts, cap):
    """The counts as a checkout capping them at `cap` shows them."""
    if cap is None:
        return facts

    def capped(number):
        return min(number, cap + 1)

    counted = ("total", "total_all_kinds", "total_with_all_words")
    return {
        **facts,
        **{name: capped(facts[name]) for name in counted},
        "counts": {kind: capped(number) for kind, number in facts["counts"].items()},
    }


def differences(reference, other):
    caps = [cap for cap in (reference["cap"], other["cap"]) if cap is not None]
    cap = min(caps) if caps else None
    found = []
    for key, facts in reference["outcomes"].items():
        expected, got = through_cap(facts, cap), through_cap(other["outcomes"][key], cap)
        for name in expected:
            if expected[name] != got[name]:
                found.append((key, name, expected[name], got[name]))
    return found


def main():
    if sys.argv[1:] == ["--child"]:
        child()
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "servers", nargs="+", help="NAME=CHECKOUT:DATABASE_URL; the first is the reference"
    )
    parser.add_argument("--redis-url", default=site_bench.DEFAULT_REDIS_URL)
    parser.add_argument("--output", default="bench/results/search_outcomes.json")
    options = parser.parse_args()
    found = {}
    with tempfile.TemporaryDirectory() as static_root:
        for spec in options.servers:
            name, process = search_cpu.start(spec, options, static_root, script=__file__)
            process.stdin.close()
            found[name] = json.loads(process.stdout.readline())
            process.wait()
    Path(options.output).parent.mkdir(parents=True, exist_ok=True)
    Path(options.output).write_text(json.dumps(found, indent=1))
    (reference_name, reference), *others = found.items()
    outcomes = len(reference["outcomes"])
    print(f"{reference['queries']} queries, {outcomes} outcomes (tabs {TABS}, pages {PAGES})")
    different = False
    for name, other in others:
        changed = differences(reference, other)
        different = different or bool(changed)
        print(f"{name} against {reference_name}: {len(changed)} differences")
        for key, field, expected, got in changed[:20]:
            print(f"  {key} {field}: {expected!r} -> {got!r}")
    sys.exit(1 if different else 0)


if __name__ == "__main__":
    main()
