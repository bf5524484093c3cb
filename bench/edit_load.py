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

The readers are --connections processes of this bench (not wrk), each timing every read it
sends, as fast as they are answered or, with --reads-per-second, at a pace that leaves the
workers room. So each run also says how the reads fared while a save was on its way, in
the --after-save-seconds after it and between saves (`windows`), how long the warming
passes took (from the workers' log) and the CPU of the workers' warming threads per save
(from /proc: what a loaded machine moves least). The readers cost CPU of their own (about
1 ms a read): compare runs of this bench with each other, not with wrk's figures.
"""

import argparse
import http.client
import json
import multiprocessing
import shutil
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

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


def read_in_turn(url, paths, first, start_at, until, interval):
    """One reader: asks for the paths in turn from `first` on, one at a time, from start_at
    until `until` (time.time()), one every `interval` seconds (0: each as soon as the last
    is answered); returns (sent at, seconds, status) for each read. A read sent late (the
    last one took longer than the interval) counts from when it was due, as a reader who
    came then would have waited."""
    address = urlsplit(url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=60)
    reads = []
    number = first
    due = start_at + interval * first / max(1, len(paths))  # the readers spread out
    while due < until:
        time.sleep(max(0.0, due - time.time()))
        sent_at = due if interval else time.time()
        try:
            connection.request("GET", paths[number % len(paths)])
            response = connection.getresponse()
            response.read()
            status = response.status
        except OSError:  # counted as a read that failed; the next one connects again
            connection.close()
            status = 0
        reads.append((sent_at, time.time() - sent_at, status))
        number += 1
        due = due + interval if interval else time.time()
    connection.close()
    return reads


# --reads-per-second: the readers' pace, all together (0: as fast as they are answered).
READS_PER_SECOND = 0


def timed_reads(server, paths, duration, connections, workdir):
    """The readers as load_paths drives them (`connections` at once, the paths in turn), each
    a process of its own that times every read, so that reads can be set beside the saves
    and the warming passes (`windows`). Every read is written to a file; what load_paths
    returns is returned, from the same reads."""
    start_at = time.time() + 1  # every reader started
    interval = connections / READS_PER_SECOND if READS_PER_SECOND else 0
    arguments = [
        (
            server.url,
            paths,
            number * len(paths) // connections,
            start_at,
            start_at + duration,
            interval,
        )
        for number in range(connections)
    ]
    with multiprocessing.get_context("spawn").Pool(connections) as pool:
        reads = sorted(read for reader in pool.starmap(read_in_turn, arguments) for read in reader)
    reads_file = workdir / f"reads-{server.port}-{int(start_at)}.json"
    reads_file.write_text(json.dumps(reads))
    return {
        **latency_figures([seconds for _, seconds, _ in reads]),
        "rps": round(len(reads) / duration, 1),
        "requests": len(reads),
        "timeouts": 0,
        "not_ok": sum(status != 200 for _, _, status in reads),
        "load_average": round(site_bench.os.getloadavg()[0], 1),
        "reads_file": str(reads_file),
    }


def latency_figures(seconds):
    """p50, p99 and the slowest of some reads' times, in ms (None when there are none)."""
    if not seconds:
        return {"p50_ms": None, "p99_ms": None, "max_ms": None}
    ordered = sorted(seconds)

    def percentile(share):
        return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000, 2)

    return {"p50_ms": percentile(0.50), "p99_ms": percentile(0.99), "max_ms": percentile(1)}


def warming_passes(log_file):
    """(ended at, seconds, pages) of each warming pass, from the workers' JSON log lines
    ("warmed 57 pages in 1.93 s", and "(0.84 s of CPU)" after it from warmlock on)."""
    passes = []
    for line in Path(log_file).read_text().splitlines():
        if not line.startswith("{") or '"pagecache.warming"' not in line:
            continue
        entry = json.loads(line)
        words = entry["message"].split()
        if words[0] == "warmed":
            ended = datetime.fromisoformat(entry["time"]).timestamp()
            passes.append((ended, float(words[4]), int(words[1])))
    return passes


def windows(row, after_seconds):
    """The reads of one run in three windows: while a save was on its way (its POST sent,
    its page list not yet back), in the `after_seconds` after it, and the others; and the
    warming passes that followed the saves (both workers warm, each its own pass)."""
    reads = json.loads(Path(row["reads_file"]).read_text())
    saves = row["save_times"]

    def window(sent_at):
        for started, ended in saves:
            if started <= sent_at < ended:
                return "during_save"
            if ended <= sent_at < ended + after_seconds:
                return "after_save"
        return "between_saves"

    seconds = {"during_save": [], "after_save": [], "between_saves": []}
    for sent_at, took, _ in reads:
        seconds[window(sent_at)].append(took)
    passes = warming_passes(row["log_file"])
    return {
        **{
            name: {"reads": len(times), **latency_figures(times)} for name, times in seconds.items()
        },
        "warming_passes": len(passes),
        "warming_pass_s_median": (
            round(statistics.median(took for _, took, _ in passes), 2) if passes else None
        ),
        "warming_pages_each": [pages for _, _, pages in passes],
        "warming_cpu_s_per_save": round(row["warming_thread_cpu_s"] / max(1, row["saves"]), 3),
    }


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
    environment["LOG_LEVEL"] = "INFO"  # the warming passes, as JSON lines with their time
    environment["LOG_FORMAT"] = "json"
    environment.update(extra_environment)
    result = site_bench.edit_under_load(
        environment,
        size,
        options,
        workdir,
        label=f"{code}-{run}",
        root=root,
        modes=[MODES[mode]],
        read=timed_reads,
        paths=options.read_paths.split(",") if options.read_paths else None,
    )
    row = result[MODES[mode][0]]
    row["windows"] = windows(row, options.after_save_seconds)
    print(f"  windows ({code}-{run}, warming {mode}) {json.dumps(row['windows'])}", flush=True)
    return row


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
        **{
            f"{window}_p99_ms_each": [row["windows"][window]["p99_ms"] for row in rows]
            for window in ("during_save", "after_save", "between_saves")
        },
        "after_save_reads": sum(row["windows"]["after_save"]["reads"] for row in rows),
        "warming_pass_s_each": [row["windows"]["warming_pass_s_median"] for row in rows],
        "warming_cpu_s_per_save_each": [row["windows"]["warming_cpu_s_per_save"] for row in rows],
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
    parser.add_argument(
        "--read-paths",
        metavar="PATH,...",
        help="what the readers read (/search/?q=fraud...) instead of the sitemap's first pages",
    )
    parser.add_argument(
        "--reads-per-second",
        type=float,
        default=0,
        help="the readers' pace, all together: a site with room to spare (0: as fast as the "
        "workers answer, a site with none)",
    )
    parser.add_argument(
        "--after-save-seconds",
        type=float,
        default=2,
        help="reads sent this long after a save's page list came back count as after it",
    )
    options = parser.parse_args()
    site_bench.use_ports(options.ports)
    global READS_PER_SECOND
    READS_PER_SECOND = options.reads_per_second
    workdir = Path(options.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    static_root = workdir / "static"
    if not (static_root / "staticfiles.json").exists():
        environment = site_bench.base_environment("sqlite://:memory:", static_root)
        site_bench.manage(environment, "collectstatic", "--noinput")
    codes = {"this": (site_bench.ROOT, {})}
    if options.compare:
        codes["compared"] = (Path(options.compare).resolve(), {})
    for name, settings in site_bench.named_settings(options.variant).items():
        codes[name] = (site_bench.ROOT, settings)
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
