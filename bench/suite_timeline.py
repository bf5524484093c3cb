"""Where a test run's time goes: each worker's timeline and the CPU of every process it starts.

Never part of `make test`. Run a test command under it:

    .venv/bin/python bench/suite_timeline.py --out /tmp/timeline -- make test

It runs the command in a session of its own as a child subreaper (prctl), so every process
below it, Chromium's too (Playwright's driver never waits for Chromium, and /usr/bin/time
misses what is never waited for), is reaped here and counted in this process's children's
CPU time. It loads itself into pytest (and every xdist worker) as a plugin through
PYTEST_PLUGINS, and each worker writes one line a test: when it started and ended, the
worker's own CPU and the CPU of the processes below the worker (its Chromium, Playwright's
driver, servers and subprocesses it started) during the test. At the end it prints the
wall time, the CPU of the whole tree, the machine's idle time, and for each worker: when it
was ready, how long it ran tests, and how long it sat idle at the end; then the tests in
which the worker's tree used the least of the wall time (sleeps, waits on servers).
`report DIR` prints the same again from a run's files.
"""

import argparse
import ctypes
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

from browser_bench import process_table

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
PR_SET_CHILD_SUBREAPER = 36


def descendants_cpu(root):
    """CPU seconds of every live process below root (reaped ones are in their parents')."""
    table = process_table()
    children = {}
    for pid, (parent, *_) in table.items():
        children.setdefault(parent, []).append(pid)
    total, stack = 0.0, list(children.get(root, ()))
    while stack:
        pid = stack.pop()
        _, _, own, reaped = table[pid]
        total += own + reaped
        stack += children.get(pid, ())
    return total


def machine_idle_seconds():
    """Idle + iowait seconds of all cores together since boot (/proc/stat)."""
    fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    return (int(fields[3]) + int(fields[4])) / CLOCK_TICKS


# The pytest plugin (loaded in the controller and in every xdist worker).


def own_cpu():
    """This process's CPU and that of the children it has reaped (subprocesses it ran)."""
    return sum(
        usage.ru_utime + usage.ru_stime
        for usage in map(resource.getrusage, (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    )


class Timeline:
    def __init__(self, folder, worker):
        self.file = open(Path(folder) / f"{worker}.jsonl", "a")  # noqa: SIM115
        self.worker = worker
        self.started = {}

    def write(self, **record):
        self.file.write(json.dumps({"worker": self.worker, **record}) + "\n")
        self.file.flush()


timeline = None


def pytest_configure(config):
    global timeline
    folder = os.environ.get("SUITE_TIMELINE_DIR")
    if folder:
        worker = getattr(config, "workerinput", {}).get("workerid", "main")
        timeline = Timeline(folder, worker)
        timeline.write(event="configure", at=time.time(), cpu=own_cpu())


def pytest_collection_finish(session):
    if timeline:
        timeline.write(event="collected", at=time.time(), cpu=own_cpu())


def pytest_runtest_logstart(nodeid, location):
    if timeline:  # the /proc walk first: it is this plugin's cost, not the test's
        below = descendants_cpu(os.getpid())
        timeline.started[nodeid] = (time.time(), own_cpu(), below)


def pytest_runtest_logfinish(nodeid, location):
    if timeline and nodeid in timeline.started:
        start, cpu, below = timeline.started.pop(nodeid)
        end, cpu = time.time(), own_cpu() - cpu
        below = max(0.0, descendants_cpu(os.getpid()) - below)
        timeline.write(event="test", test=nodeid, start=start, end=end, cpu=cpu, below=below)


def pytest_sessionfinish(session):
    if timeline:
        timeline.write(event="finish", at=time.time(), cpu=own_cpu())


# The runner and the report.


def run(folder, command):
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.jsonl"):
        old.unlink()
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    bench = str(Path(__file__).resolve().parent)
    environment = {
        **os.environ,
        "SUITE_TIMELINE_DIR": str(folder),
        "PYTEST_PLUGINS": "suite_timeline",
        "PYTHONPATH": os.pathsep.join(filter(None, [bench, os.environ.get("PYTHONPATH")])),
    }
    load_before, idle_before, started = os.getloadavg(), machine_idle_seconds(), time.time()
    child = subprocess.Popen(command, env=environment, start_new_session=True)
    loads, status = [], None
    while True:
        pid, code = os.waitpid(-1, 0)  # the command, or an orphan reparented to us
        if pid == child.pid:
            status = os.waitstatus_to_exitcode(code)
            break
    while True:  # orphans still running (a Chromium left behind): wait for them too
        try:
            os.waitpid(-1, 0)
        except ChildProcessError:
            break
    ended = time.time()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    loads.append(os.getloadavg())
    summary = {
        "command": command,
        "exit": status,
        "wall": ended - started,
        "user": usage.ru_utime,
        "system": usage.ru_stime,
        "machine_idle": machine_idle_seconds() - idle_before,
        "cores": os.cpu_count(),
        "load_before": load_before,
        "load_after": loads[-1],
        "started": started,
    }
    (folder / "summary.json").write_text(json.dumps(summary, indent=1))
    report(folder)
    return status


def report(folder, slowest=25):
    summary = json.loads((folder / "summary.json").read_text())
    cpu = summary["user"] + summary["system"]
    wall = summary["wall"]
    print(
        f"wall {wall:.0f} s; CPU of the whole tree {cpu:.0f} s (user {summary['user']:.0f}, "
        f"sys {summary['system']:.0f}) = {cpu / wall:.2f} cores of {summary['cores']}; "
        f"machine idle {summary['machine_idle']:.0f} core-seconds "
        f"({summary['machine_idle'] / wall / summary['cores']:.0%}); load "
        f"{summary['load_before'][0]:.1f} before, {summary['load_after'][0]:.1f} after "
        f"(15 min: {summary['load_after'][2]:.1f})"
    )
    records = []
    for path in sorted(folder.glob("*.jsonl")):
        records += [json.loads(line) for line in path.read_text().splitlines()]
    tests = [r for r in records if r["event"] == "test"]
    if not tests:
        return
    origin = summary["started"]
    end_of_tests = max(r["end"] for r in tests)
    print(f"last test ended {end_of_tests - origin:.0f} s after the start")
    workers = sorted({r["worker"] for r in tests})
    if workers != ["main"]:  # xdist replays each worker's tests in the controller too
        workers.remove("main")
        tests = [r for r in tests if r["worker"] != "main"]
    for worker in workers:
        own = [r for r in tests if r["worker"] == worker]
        events = {r["event"]: r for r in records if r["worker"] == worker and r["event"] != "test"}
        first, last = min(r["start"] for r in own), max(r["end"] for r in own)
        in_tests = sum(r["end"] - r["start"] for r in own)
        gaps = (last - first) - in_tests
        tree = sum(r["cpu"] + r["below"] for r in own)
        print(
            f"{worker}: configured at {events['configure']['at'] - origin:.0f} s, collected "
            f"{events['collected']['at'] - origin:.0f} s, first test {first - origin:.0f} s, "
            f"last test ended {last - origin:.0f} s (idle {end_of_tests - last:.0f} s at the "
            f"end); {len(own)} tests, {in_tests:.0f} s in tests, {gaps:.0f} s between them; "
            f"CPU in tests: worker {sum(r['cpu'] for r in own):.0f} s + below it "
            f"{sum(r['below'] for r in own):.0f} s = {tree / in_tests:.0%} of its test time"
        )
    print("\nlongest tests: wall, the worker's tree's CPU, and the wall it was not using")
    for r in sorted(tests, key=lambda r: r["end"] - r["start"], reverse=True)[:slowest]:
        duration, used = r["end"] - r["start"], r["cpu"] + r["below"]
        print(
            f"{duration:6.1f} s wall {used:6.1f} s CPU {duration - used:6.1f} s not  "
            f"{r['worker']} @{r['start'] - origin:5.0f}  {r['test']}"
        )
    print("\nmost wall not used by the worker's tree (waits, sleeps, or the CPU being busy)")
    for r in sorted(tests, key=lambda r: r["end"] - r["start"] - r["cpu"] - r["below"])[-slowest:][
        ::-1
    ]:
        duration, used = r["end"] - r["start"], r["cpu"] + r["below"]
        print(f"{duration - used:6.1f} s of {duration:6.1f} s  {r['worker']}  {r['test']}")


def test_cpu(folder):
    """test -> its worker's and the processes below it's CPU seconds (the workers' records)."""
    paths = sorted(folder.glob("gw*.jsonl")) or [folder / "main.jsonl"]
    records = [json.loads(line) for path in paths for line in path.read_text().splitlines()]
    return {r["test"]: r["cpu"] + r["below"] for r in records if r["event"] == "test"}


def compare(before, after):
    """The CPU of the tests both runs finished (a run cut short compares what it ran)."""
    old, new = test_cpu(before), test_cpu(after)
    both = sorted(set(old) & set(new), key=lambda test: old[test] - new[test])
    print(
        f"{len(both)} tests in both: {sum(old[t] for t in both):.0f} s -> "
        f"{sum(new[t] for t in both):.0f} s of CPU; the biggest changes:"
    )
    for test in both[:5] + both[-5:]:
        print(f"{old[test]:7.1f} -> {new[test]:7.1f} s  {test}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("/tmp/suite-timeline"))  # noqa: S108
    parser.add_argument("--report", action="store_true", help="only print --out's report")
    parser.add_argument("--compare", type=Path, help="a later run's --out: each test's CPU")
    parser.add_argument("command", nargs="*")
    arguments = parser.parse_args()
    if arguments.compare:
        compare(arguments.out, arguments.compare)
        return 0
    if arguments.report:
        report(arguments.out)
        return 0
    return run(arguments.out, arguments.command)


if __name__ == "__main__":
    sys.exit(main())
