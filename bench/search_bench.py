"""Search latency with 10 000 generated pages, on SQLite and on PostgreSQL.

Not a test: a measurement. It builds a throwaway database (a temporary SQLite file; on
PostgreSQL the database `bench_search`, dropped and recreated), generates pages with the
ORM and the real Markdown pipeline, indexes them with `rebuild_search_index` and times
searches as the results page runs them (counts by kind, one page of ranked results with
snippets), then whole requests to /search/ through Django's test client.

    .venv/bin/python bench/search_bench.py                      # SQLite, then PostgreSQL
    .venv/bin/python bench/search_bench.py --database sqlite --pages 2000
    BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/bench_search \
        .venv/bin/python bench/search_bench.py --database postgresql

`make bench-search` runs the first line.
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/bench_search"

QUERIES = [
    "hacking",
    "hacked email",
    "report a scam text",
    '"computer misuse"',
    "section 3ZA",
    "s.127",
    "DDoS",
    "fraud offence evidence",  # common words: thousands of matches to rank
    "zebra crossing",  # no match: falls back to any word
    "phising",  # misspelt: "Did you mean …?" from the titles and headings
    "what to do if I have been scammed",  # asks for help: public advice weighs more
    "(hacking OR NEAR:email) * -" + "x" * 300,  # hostile and too long
]

DOMAIN_WORDS = (  # noqa: SIM905 - a word list reads better as prose
    "hacking hacked hacker computer misuse unauthorised access offence prosecution evidence "
    "fraud phishing scam text message email account password ransomware malware virus "
    "denial service ddos attack botnet network server data breach victim suspect police "
    "court sentence penalty indictment summary trial charge section act communications "
    "harassment stalking sextortion extortion image abuse online social media website bank "
    "money laundering cryptocurrency identity theft report advice help support safety"
).split()
SECTIONS = ["1", "2", "3", "3A", "3ZA", "127", "1A", "4"]
PHRASES = [
    "the Computer Misuse Act 1990",
    "someone hacked my email account",
    "report a scam text message",
    "a DDoS attack on a website",
    "fraud by false representation",
]


def vocabulary(rng, size=4000):
    letters = "etaoinshrdlcumwfgypbvkxjqz"
    weights = [26 - i for i in range(26)]
    words = set()
    while len(words) < size:
        words.add("".join(rng.choices(letters, weights, k=rng.randint(3, 10))))
    return sorted(words)


def sentence(rng, common, length):
    words = []
    for _ in range(length):
        if rng.random() < 0.03:
            words.append(rng.choice(DOMAIN_WORDS))
        else:
            # Zipf-like: early words of the vocabulary are far more common.
            words.append(common[min(int(rng.paretovariate(1.1)) - 1, len(common) - 1)])
    if rng.random() < 0.05:
        words.insert(rng.randrange(len(words)), f"section {rng.choice(SECTIONS)}")
    if rng.random() < 0.03:
        words.insert(rng.randrange(len(words)), f"s.{rng.choice(SECTIONS)}")
    if rng.random() < 0.03:
        words.insert(rng.randrange(len(words)), rng.choice(PHRASES))
    return " ".join(words).capitalize() + "."


def page_markdown(rng, common):
    parts = [" ".join(sentence(rng, common, rng.randint(8, 20)) for _ in range(3))]
    for _ in range(rng.randint(2, 5)):
        parts.append("## " + sentence(rng, common, rng.randint(2, 5)).rstrip("."))
        parts.append(" ".join(sentence(rng, common, rng.randint(8, 20)) for _ in range(5)))
    return "\n\n".join(parts)


def generate(page_count, seed=1):
    from guidance.models import GuidancePage

    rng = random.Random(seed)
    common = vocabulary(rng)
    roots, sections_per_root = 2, 40
    leaf_total = max(0, page_count - roots - roots * sections_per_root)
    section_total = roots * sections_per_root
    # Leaves per section, spread so that the total is exactly page_count.
    leaf_counts = [
        leaf_total // section_total + (1 if number < leaf_total % section_total else 0)
        for number in range(section_total)
    ]

    def new_page(title, slug, parent, tree_id, level, lft, rght, order):
        page = GuidancePage(
            title=title,
            slug=slug,
            parent=parent,
            path=f"{parent.path}/{slug}" if parent else slug,
            status=GuidancePage.Status.PUBLISHED,
            sibling_order=order,
            summary=sentence(rng, common, 12),
            body_markdown=page_markdown(rng, common),
            tree_id=tree_id,
            level=level,
            lft=lft,
            rght=rght,
        )
        page.render_body()  # the real pipeline, as save() would
        return page

    for tree_id in range(1, roots + 1):
        counts = leaf_counts[(tree_id - 1) * sections_per_root : tree_id * sections_per_root]
        spans = [2 + 2 * count for count in counts]  # a section and its leaves
        (root,) = GuidancePage.objects.bulk_create(
            [
                new_page(
                    f"Section {tree_id}",
                    f"section-{tree_id}",
                    None,
                    tree_id,
                    0,
                    1,
                    2 + sum(spans),
                    tree_id,
                )  # fmt: skip
            ]
        )
        section_pages = []
        lft = 2
        for number, span in enumerate(spans):
            title = sentence(rng, common, 4).rstrip(".").title()
            section_pages.append(
                new_page(title, f"topic-{number}", root, tree_id, 1, lft, lft + span - 1, number)
            )
            lft += span
        sections = GuidancePage.objects.bulk_create(section_pages)
        leaves = []
        for section, count in zip(sections, counts, strict=True):
            for number in range(count):
                lft = section.lft + 1 + number * 2
                title = sentence(rng, common, rng.randint(2, 6)).rstrip(".").title()
                if rng.random() < 0.1:
                    title = f"{rng.choice(DOMAIN_WORDS).title()} {title}"
                leaves.append(
                    new_page(title, f"page-{number}", section, tree_id, 2, lft, lft + 1, number)
                )
        GuidancePage.objects.bulk_create(leaves, batch_size=500)
    return GuidancePage.objects.count()


def timed(function, repeats, server_cpu=None):
    """Median and p95 wall-clock milliseconds, the median CPU milliseconds of this process
    and the mean CPU milliseconds of the database server's process (None on SQLite, which
    works inside this process). CPU time hardly moves when other work shares the machine,
    so it is the figure to compare between runs on a busy machine."""
    durations, cpu = [], []
    server_before = server_cpu() if server_cpu else None
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        function()
        durations.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    server = (server_cpu() - server_before) * 1000 / repeats if server_cpu else None
    durations.sort()
    return (
        statistics.median(durations),
        durations[int(len(durations) * 0.95) - 1],
        statistics.median(cpu),
        server,
    )


def server_cpu_seconds(pid):
    """CPU seconds (user and system) the process `pid` has used, from /proc (Linux; in
    clock ticks of 10 ms, so it is read over many searches and averaged)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(page_count, repeats):
    """Runs inside a process whose DATABASE_URL is the throwaway database."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from search.searching import run_search

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    pages = generate(page_count)
    generated = time.perf_counter() - started
    started = time.perf_counter()
    call_command("rebuild_search_index", stdout=open(os.devnull, "w"))  # noqa: SIM115
    indexed = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_searchdocument")

    setup_test_environment()
    client = Client()
    server_cpu = None
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backend = cursor.fetchone()[0]
        if Path(f"/proc/{backend}/stat").exists():  # the server runs on this machine
            server_cpu = lambda: server_cpu_seconds(backend)  # noqa: E731
    rows = []
    # The worst case: a word on nearly every page, so every page must be ranked.
    everywhere = vocabulary(random.Random(1))[0]
    for query in [*QUERIES, everywhere]:

        def search(query=query):
            return run_search(query)  # counts, and the first page with its snippets

        outcome = search()
        search()  # warm caches once
        median, p95, cpu, server = timed(search, repeats, server_cpu)
        request = client.get("/search/", {"q": query})
        assert request.status_code == 200, request.status_code
        page_median, page_p95, page_cpu, page_server = timed(
            lambda q=query: client.get("/search/", {"q": q}), repeats, server_cpu
        )
        rows.append(
            {
                "query": query[:40],
                "results": outcome.total,
                "median_ms": round(median, 1),
                "p95_ms": round(p95, 1),
                "cpu_ms": round(cpu, 1),
                "server_cpu_ms": None if server is None else round(server, 1),
                "page_median_ms": round(page_median, 1),
                "page_p95_ms": round(page_p95, 1),
                "page_cpu_ms": round(page_cpu, 1),
                "page_server_cpu_ms": None if page_server is None else round(page_server, 1),
            }
        )
    return {
        "database": connection.vendor,
        "pages": pages,
        "generate_s": round(generated, 1),
        "index_s": round(indexed, 1),
        "rows": rows,
    }


def database_name(url):
    """The database a postgres:// URL names."""
    return url.rsplit("/", 1)[-1].split("?")[0]


def fresh_postgres(url):
    import psycopg

    name = database_name(url)
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def run_child(database, page_count, repeats):
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="portal.settings", PYTHONPATH=str(ROOT))
    temporary = None
    if database == "sqlite":
        temporary = tempfile.NamedTemporaryFile(suffix=".sqlite3", delete=False)  # noqa: SIM115
        env["DATABASE_URL"] = f"sqlite:///{temporary.name}"
    else:
        url = os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES_URL)
        fresh_postgres(url)
        env["DATABASE_URL"] = url
    try:
        child = subprocess.run(
            [sys.executable, __file__, "--child", "--pages", str(page_count)]
            + ["--repeats", str(repeats)],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        if child.returncode:
            sys.exit(f"The {database} run failed:\n{child.stderr}")
        output = child.stdout
    finally:
        if temporary is not None:
            Path(temporary.name).unlink(missing_ok=True)
    return json.loads(output.strip().splitlines()[-1])


def report(result):
    print(
        f"\n{result['database']}: {result['pages']} pages "
        f"(generated in {result['generate_s']} s, indexed in {result['index_s']} s)"
    )
    server = result["rows"][0]["server_cpu_ms"] is not None
    print(
        f"{'query':42} {'results':>7} {'median':>8} {'p95':>8} {'cpu':>8}"
        + (f" {'db cpu':>8}" if server else "")
        + f" {'page med':>9} {'page p95':>9} {'page cpu':>9}"
        + (f" {'page db':>8}" if server else "")
    )
    for row in result["rows"]:
        print(
            f"{row['query']:42} {row['results']:>7} {row['median_ms']:>6.1f}ms "
            f"{row['p95_ms']:>6.1f}ms {row['cpu_ms']:>6.1f}ms"
            + (f" {row['server_cpu_ms']:>6.1f}ms" if server else "")
            + f" {row['page_median_ms']:>7.1f}ms {row['page_p95_ms']:>7.1f}ms"
            f" {row['page_cpu_ms']:>7.1f}ms"
            + (f" {row['page_server_cpu_ms']:>6.1f}ms" if server else "")
        )
    columns = ["median_ms", "cpu_ms", "page_median_ms", "page_cpu_ms"]
    if server:
        columns += ["server_cpu_ms", "page_server_cpu_ms"]
    for column in columns:
        values = [row[column] for row in result["rows"]]
        print(
            f"{column}: median over the queries {statistics.median(values):.1f} ms, "
            f"worst {max(values)} ms"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        sys.path.insert(0, str(ROOT))
        print(json.dumps(measure(options.pages, options.repeats)))
        return
    databases = ["sqlite", "postgresql"] if options.database == "both" else [options.database]
    for database in databases:
        report(run_child(database, options.pages, options.repeats))


if __name__ == "__main__":
    main()
