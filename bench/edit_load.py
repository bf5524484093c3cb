"""An editor's save under load on the default install, with enough saves to mean something.

Not a test: a measurement. site_bench.py measures the readers' p50/p99 while an editor
saves a page every 5 s for 20 s (two to four saves); this runs that part alone, on the
default install (SQLite, no Redis, every setting at its default, the page cache in the
shared file cache), for longer (--edit-seconds) and in rounds. With --compare it runs
another checkout's code (a `git archive` of main, say) on a copy of the same database,
alternating which goes first each round, so the load drifting on a shared machine moves
both alike.

    .venv/bin/python bench/edit_load.py --sizes 10000 --edit-seconds 60 --rounds 3 \\
        --compare /tmp/main --workdir /tmp/edit-load --ports 8300-8349

The bench corpus is written and imported into SQLite once per size in --workdir (kept for
the next run); each measurement starts from a copy of that database and an empty cache.
With --postgres-url (a database of its own: it is dropped and loaded once per size) and
--redis-url it measures the production stack instead, on that one database.
"""

import argparse
import json
import shutil
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # noqa: E402
import site_bench  # noqa: E402
from search_bench import fresh_postgres  # noqa: E402

MODES = dict(zip(("off", "on"), site_bench.WARMING_MODES, strict=True))


def imported_database(size, workdir, static_root, postgres_url=None):
    """The bench corpus of `size` pages in SQLite (or the PostgreSQL database at
    postgres_url), imported as site_bench does (import_content, then ANALYZE), once."""
    database = workdir / f"default-{size}.sqlite3"
    if postgres_url:
        database = workdir / f"imported-{size}-into-{postgres_url.rsplit('/', 1)[1]}"
    if not database.exists():
        content_dir = workdir / f"content-{size}"
        corpus.generate(content_dir, size)
        loading = workdir / f"loading-{size}.sqlite3"
        if postgres_url:
            fresh_postgres(postgres_url)
        url = postgres_url or f"sqlite:///{loading}"
        environment = site_bench.base_environment(url, static_root)
        environment["CACHE_DIR"] = str(workdir / f"import-cache-{size}")
        site_bench.manage(environment, "migrate", "--noinput")
        seconds = site_bench.manage(environment, "import_content", str(content_dir))
        site_bench.vacuum(environment)
        if postgres_url:
            database.write_text(f"{size} pages\n")
        else:
            loading.rename(database)
        print(f"{size} pages imported into {url} in {seconds:.1f} s", flush=True)
    return database


def measure(size, code, variant, mode, options, workdir, static_root, run):
    """One edit-under-load run of one variant (a checkout's code, and any environment of its
    own) on a fresh copy of the database."""
    root, extra_environment = variant
    if options.postgres_url:  # the saves change one page's summary: the same database each run
        environment = site_bench.base_environment(options.postgres_url, static_root)
        environment["REDIS_URL"] = options.redis_url
    else:
        database = workdir / f"run-{run}.sqlite3"
        for leftover in workdir.glob(f"run-{run}.sqlite3*"):
            leftover.unlink()
        shutil.copyfile(imported_database(size, workdir, static_root), database)
        environment = site_bench.base_environment(f"sqlite:///{database}", static_root)
        environment["CACHE_DIR"] = str(workdir / f"cache-{run}")
    environment.update(extra_environment)
    if "CACHE_DIR" in environment:
        shutil.rmtree(f"{environment['CACHE_DIR']}-edit-{MODES[mode][0]}", ignore_errors=True)
    result = site_bench.edit_under_load(
        environment, size, options, workdir, label=f"{code}-{run}", root=root, modes=[MODES[mode]]
    )
    return result[MODES[mode][0]]


def summary(rows):
    def median(name):
        return round(statistics.median(row[name] for row in rows), 2)

    save_ms = sorted(ms for row in rows for ms in row["save_ms"])
    return {
        "runs": len(rows),
        "saves": sum(row["saves"] for row in rows),
        "failed_saves": sum(row["failed_saves"] for row in rows),
        "reads": sum(row["requests"] for row in rows),
        "timeouts": sum(row["timeouts"] for row in rows),
        "p50_ms_median": median("p50_ms"),
        "p99_ms_median": median("p99_ms"),
        "p99_ms_each": [row["p99_ms"] for row in rows],
        "max_ms_each": [row["max_ms"] for row in rows],
        "rps_median": median("rps"),
        "worker_cpu_ms_per_read_median": median("worker_cpu_ms_per_read"),
        "save_ms_median": statistics.median(save_ms) if save_ms else None,
        "save_ms_max": save_ms[-1] if save_ms else None,
        "load_average_each": [row["load_average"] for row in rows],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    site_bench.add_load_options(parser)
    parser.set_defaults(sizes="10000", edit_seconds=60)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--warming", default="off,on", help="off, on or off,on")
    parser.add_argument("--compare", metavar="CHECKOUT", help="another checkout's code to run too")
    parser.add_argument(
        "--variant",
        action="append",
        default=[],
        metavar="NAME:VAR=VALUE,...",
        help="this checkout's code run again with these environment variables too",
    )
    parser.add_argument("--workdir", required=True, help="kept between runs: corpus, databases")
    parser.add_argument(
        "--postgres-url", help="PostgreSQL (and Redis: --redis-url) instead of the default install"
    )
    parser.add_argument("--redis-url", default=site_bench.DEFAULT_REDIS_URL)
    parser.add_argument("--output", help="JSON of every run and the medians")
    options = parser.parse_args()
    site_bench.use_ports(options.ports)
    site_bench.ensure_wrk()
    workdir = Path(options.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    static_root = workdir / "static"
    if not (static_root / "staticfiles.json").exists():
        environment = site_bench.base_environment("sqlite://:memory:", static_root)
        site_bench.manage(environment, "collectstatic", "--noinput")
    codes = {"this": (site_bench.ROOT, {})}
    if options.compare:
        codes["compared"] = (Path(options.compare).resolve(), {})
    for variant in options.variant:
        name, _, assignments = variant.partition(":")
        codes[name] = (site_bench.ROOT, dict(pair.split("=", 1) for pair in assignments.split(",")))
    rows = {}
    run = 0
    for size in (int(size) for size in options.sizes.split(",")):
        imported_database(size, workdir, static_root, options.postgres_url)
        for number in range(options.rounds):
            order = list(codes.items())
            order = order[number % len(order) :] + order[: number % len(order)]
            for mode in options.warming.split(","):
                for code, variant in order:
                    run += 1
                    row = measure(size, code, variant, mode, options, workdir, static_root, run)
                    rows.setdefault(f"{size} {code} warming {mode}", []).append(row)
    medians = {name: summary(runs) for name, runs in rows.items()}
    for name, figures in medians.items():
        print(name, json.dumps(figures))
    if options.output:
        Path(options.output).write_text(json.dumps({"runs": rows, "medians": medians}, indent=2))


if __name__ == "__main__":
    main()
