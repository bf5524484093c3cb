"""Where an import's CPU goes: `import_content` of the bench corpus, its CPU by kind of process.

Not a test: a measurement, for a machine shared with others, where wall time says little.
It writes the corpus (bench/corpus.py; kept in --corpus-dir for the next run), loads it
into a fresh, migrated PostgreSQL database with `manage.py import_content` run from --code
(a checkout: run it once from a checkout of main and once from yours, in turn), and reads
/proc every 50 ms meanwhile: the command's own process ("parent"), its children (the
worker processes, "workers") and every PostgreSQL backend of the database ("postgres":
the import's connection and the search vectors' own). It prints and writes as JSON the
wall time, the load average before and after, each kind's CPU seconds, the CPU of each
half-second, and what two idle cores would need at least: each half-second's work on two
cores, never less than its longest single process (the parent; a worker or a backend
counted as half of its kind), summed. That floor assumes nothing waits on anything else.

    .venv/bin/python bench/import_cpu.py --pages 1000 --code /path/to/main-checkout \\
        --postgres-url postgres://postgres@127.0.0.1:5432/mine_import --output /tmp/before.json
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # noqa: E402
from search_bench import database_name, fresh_postgres  # noqa: E402
from site_bench import ROOT, is_backend_of, manage, parent_and_cpu_seconds  # noqa: E402

KINDS = ("parent", "workers", "postgres")
SAMPLE_SECONDS = 0.05
BUCKET_SECONDS = 0.5


def parent_and_cpu(pid):
    """(parent's pid, user + system CPU seconds) of a process, or None once it has gone."""
    try:
        return parent_and_cpu_seconds(pid)
    except OSError:
        return None


class Sampler(threading.Thread):
    """Each kind's CPU so far, every SAMPLE_SECONDS, until stopped."""

    def __init__(self, command_pid, database):
        super().__init__()
        self.command_pid, self.database = command_pid, database
        self.kind_of = {}  # pid -> kind, or None for a process of no interest
        self.cpu = {}  # pid -> its CPU seconds when last read (a gone process keeps its last)
        self.timeline = []  # (seconds, {kind: CPU so far})
        self.stopping = threading.Event()

    def run(self):
        started = time.perf_counter()
        while not self.stopping.wait(SAMPLE_SECONDS):
            for entry in os.listdir("/proc"):
                if not entry.isdigit():
                    continue
                pid = int(entry)
                read = parent_and_cpu(pid)
                if read is None:
                    continue
                parent, cpu = read
                if pid not in self.kind_of:
                    if pid == self.command_pid:
                        self.kind_of[pid] = "parent"
                    elif parent == self.command_pid:
                        self.kind_of[pid] = "workers"
                    elif is_backend_of(pid, self.database):
                        self.kind_of[pid] = "postgres"
                    else:
                        self.kind_of[pid] = None
                if self.kind_of[pid]:
                    self.cpu[pid] = cpu
            self.timeline.append((time.perf_counter() - started, self.totals()))

    def totals(self):
        totals = dict.fromkeys(KINDS, 0.0)
        for pid, cpu in self.cpu.items():
            totals[self.kind_of[pid]] += cpu
        return totals


def buckets(timeline):
    """Each kind's CPU over each BUCKET_SECONDS of the timeline."""
    found, start = [], 0
    for end in range(1, len(timeline)):
        if timeline[end][0] - timeline[start][0] >= BUCKET_SECONDS or end == len(timeline) - 1:
            (began, before), (_, after) = timeline[start], timeline[end]
            found.append((round(began, 2), {k: round(after[k] - before[k], 3) for k in KINDS}))
            start = end
    return found


def two_core_floor(found):
    return sum(
        max(sum(cpu.values()) / 2, cpu["parent"], cpu["workers"] / 2, cpu["postgres"] / 2)
        for _, cpu in found
    )


def measure(options):
    content_dir = Path(options.corpus_dir) / f"content-{options.pages}"
    if not content_dir.is_dir():
        corpus.generate(content_dir, options.pages)
    fresh_postgres(options.postgres_url)
    database = database_name(options.postgres_url)
    environment = {
        **{key: value for key, value in os.environ.items() if key != "REDIS_URL"},
        "DATABASE_URL": options.postgres_url,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "PAGE_CACHE_SECONDS": "0",
        "LOG_LEVEL": "WARNING",
    }
    code = Path(options.code).resolve()
    manage(environment, "migrate", "--noinput", cwd=code)
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    command = subprocess.Popen(
        [sys.executable, "manage.py", "import_content", str(content_dir.resolve())],
        cwd=code,
        env=environment,
        stdout=subprocess.DEVNULL,
    )
    sampler = Sampler(command.pid, database)
    sampler.start()
    _, status, usage = os.wait4(command.pid, 0)
    wall = time.perf_counter() - started
    sampler.stopping.set()
    sampler.join()
    if status:
        raise SystemExit(f"import_content failed (status {status})")
    cpu = sampler.totals()
    # Exact for the command and the workers it waited for (the sampler misses their last tick).
    cpu["workers"] = usage.ru_utime + usage.ru_stime - cpu["parent"]
    found = buckets(sampler.timeline)
    return {
        "pages": options.pages,
        "code": str(code),
        "wall_seconds": round(wall, 2),
        "load_average": [load_before, os.getloadavg()[0]],
        "cpu_seconds": {kind: round(seconds, 2) for kind, seconds in cpu.items()},
        "total_cpu_seconds": round(sum(cpu.values()), 2),
        "two_core_floor_seconds": round(two_core_floor(found), 2),
        "cpu_each_half_second": found,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--code", default=str(ROOT), help="the checkout to run import_content from")
    parser.add_argument("--postgres-url", default="postgres://postgres@127.0.0.1:5432/bench_import")
    parser.add_argument(
        "--corpus-dir", default=str(Path(tempfile.gettempdir()) / "bench-import-corpus")
    )
    parser.add_argument("--output", help="write the result here as JSON")
    options = parser.parse_args()
    result = measure(options)
    summary = {key: value for key, value in result.items() if key != "cpu_each_half_second"}
    print(json.dumps(summary))
    if options.output:
        Path(options.output).write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
