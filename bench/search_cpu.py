"""The CPU of cold searches, in-process, with the PostgreSQL backend's counted too.

Not a test: a measurement (never part of `make test`). For each NAME=CHECKOUT:DATABASE_URL
it starts one Python process with the bench's cold settings (site_bench's production
environment, the page cache off, so no fragment and no cached search result) in that
checkout, against that database (loaded with `import_content` of a bench corpus,
bench/corpus.py). Each round asks every process in turn (the order reversed every other
round, as bench/interleaved.py does) for --requests requests of each search URL through the
site's WSGI application, and reads the CPU time they cost: the process's own
(`time.process_time`) and its PostgreSQL backend's (user + system from /proc: 10 ms ticks,
hence many requests a round). It prints, for each URL and process, the median over the
rounds of both a request, the SQL queries of one request and a hash of its page, and
writes them as JSON with the load average read after each round.

    .venv/bin/python bench/search_cpu.py --rounds 5 --requests 40 \\
        --redis-url redis://127.0.0.1:6379/8 \\
        before40=../before:postgres://postgres@127.0.0.1:5432/mine_b40 \\
        after40=.:postgres://postgres@127.0.0.1:5432/mine_a40

A checkout other than this one is a `git worktree` of another commit; it is run with this
checkout's .venv (the same packages).
"""

import argparse
import hashlib
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import site_bench  # noqa: E402

# The bench's query (site_bench.SEARCH) and a spread of others: one common word, two words,
# a rare word, the fallback to any word, a kind tab, page 2, the Welsh search, a section.
URLS = [
    site_bench.SEARCH,
    "/search/?q=hacking",
    "/search/?q=hacking+email",
    "/search/?q=ransomware",
    "/search/?q=computer+zebra",
    "/search/?q=computer+misuse+evidence&kind=news",
    "/search/?q=computer+misuse+evidence&page=2",
    "/cy/search/?q=computer+misuse+evidence",
    "/search/?q=section+3ZA",
]

PAGE_TOKENS_RE = re.compile(rb'(nonce|value)="[^"]*"')


def child():
    """In the checkout's folder, with its settings: one line in (a URL and how many
    requests), one JSON line out."""
    sys.path.insert(0, os.getcwd())
    import django

    django.setup()
    from django.db import connection

    from portal.wsgi import application

    def get(url):
        status, content = site_bench.wsgi_get(application, url)
        assert status.startswith("200"), (url, status)
        return content

    def counted(execute, sql, *rest):
        queries.append(sql)
        return execute(sql, *rest)

    for line in sys.stdin:
        url, count = line.split()
        get(url)  # the connection open, the templates loaded
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backend = cursor.fetchone()[0]
        queries = []
        with connection.execute_wrapper(counted):
            page = get(url)
        started, backend_started = time.process_time(), site_bench.cpu_seconds(backend)
        for _ in range(int(count)):
            get(url)
        python_ms = (time.process_time() - started) / int(count) * 1000
        backend_ms = (site_bench.cpu_seconds(backend) - backend_started) / int(count) * 1000
        # The CSP nonce and the CSRF token differ in every response: hashed without them.
        digest = hashlib.sha256(PAGE_TOKENS_RE.sub(b"", page)).hexdigest()[:12]
        answer = {"python_ms": python_ms, "backend_ms": backend_ms, "queries": len(queries)}
        print(json.dumps({**answer, "page": digest}), flush=True)


def start(spec, options, static_root, script=__file__):
    """A child process of `script` (run with --child) for NAME=CHECKOUT:DATABASE_URL, with
    the bench's cold settings in that checkout."""
    name, rest = spec.split("=", 1)
    checkout, database_url = rest.split(":", 1)
    environment = site_bench.base_environment(database_url, Path(static_root) / name)
    # Production's static files storage needs its manifest.
    site_bench.manage(environment, "collectstatic", "--noinput", cwd=checkout)
    environment.update(
        {
            "REDIS_URL": options.redis_url,
            "PAGE_CACHE_SECONDS": "0",
            # One backend for the whole run, so its CPU is read from one /proc entry
            # (production's 60 s would close it between a round's reads).
            "DATABASE_CONN_MAX_AGE": "86400",
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "PYTHONPATH": str(Path(checkout).resolve()),
        }
    )
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and script
        [site_bench.PYTHON, script, "--child"],
        cwd=checkout,
        env=environment,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    return name, process


def ask(process, url, count):
    process.stdin.write(f"{url} {count}\n")
    process.stdin.flush()
    return json.loads(process.stdout.readline())


def main():
    if sys.argv[1:] == ["--child"]:
        child()
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("servers", nargs="+", help="NAME=CHECKOUT:DATABASE_URL")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--requests", type=int, default=40, help="a URL's requests a round")
    parser.add_argument("--url", action="append", help="instead of the built-in spread")
    parser.add_argument("--redis-url", default=site_bench.DEFAULT_REDIS_URL)
    parser.add_argument("--output", default="bench/results/search_cpu.json")
    options = parser.parse_args()
    urls = options.url or URLS
    with tempfile.TemporaryDirectory() as static_root:
        processes = [start(spec, options, static_root) for spec in options.servers]
        rows = {url: {name: [] for name, _ in processes} for url in urls}
        loads = []
        try:
            for number in range(options.rounds):
                order = processes if number % 2 == 0 else processes[::-1]
                for url in urls:
                    for name, process in order:
                        rows[url][name].append(ask(process, url, options.requests))
                loads.append(round(os.getloadavg()[0], 1))
                print(f"round {number + 1}: load {loads[-1]}", flush=True)
        finally:
            for _name, process in processes:
                process.stdin.close()
                process.wait()
    summary = {}
    for url in urls:
        print(f"\n{url}")
        for name, samples in rows[url].items():
            python = statistics.median(sample["python_ms"] for sample in samples)
            backend = statistics.median(sample["backend_ms"] for sample in samples)
            pages = sorted({sample["page"] for sample in samples})
            summary.setdefault(url, {})[name] = {
                "python_ms": round(python, 2),
                "backend_ms": round(backend, 2),
                "total_ms": round(python + backend, 2),
                "queries": samples[0]["queries"],
                "pages": pages,
                "samples": samples,
            }
            print(
                f"  {name:>12}: {python + backend:6.2f} ms (Python {python:5.2f}, PostgreSQL "
                f"{backend:5.2f}), {samples[0]['queries']} queries, page {' '.join(pages)}"
            )
    Path(options.output).parent.mkdir(parents=True, exist_ok=True)
    Path(options.output).write_text(json.dumps({"loads": loads, "urls": summary}, indent=1))
    print(f"\nload averages after each round: {loads}")


if __name__ == "__main__":
    main()
