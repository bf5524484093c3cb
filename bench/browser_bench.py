"""The CPU a browser test costs: Chromium's, Playwright's driver's (node) and this Python's.

Never part of `make test`. It imports the shipped content into a SQLite database of its
own, serves it with `manage.py runserver` on a loopback port, and measures, from /proc, the
CPU time (user + system, the processes' children included once they are reaped) of every
process this script starts, by kind, for three steps:

- launch: start Chromium (as tests/conftest.py's `browser` fixture does) and close it;
- pages: N times, a new context and page, load a typical guidance page, close the context
  (what each browser test's fixture does);
- axe: one page (the whole guidance on one page, the largest) loaded once, then the full
  WCAG run and the presentation rules in every display setting
  (tests/quality/test_accessibility.py's own function).

    .venv/bin/python bench/browser_bench.py --rounds 3 --pages 20 --variant "name=--a-flag"

Each step runs `--rounds` times, the variants in turn; the least CPU of the rounds is
reported (the least disturbed by others on a shared machine), with the one-minute load
average.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def process_table():
    """pid -> (parent pid, command name, its own CPU seconds, its reaped children's)."""
    table = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()
        own, children = (sum(int(value) for value in fields[i : i + 2]) for i in (11, 13))
        table[int(pid)] = (int(fields[1]), name, own / CLOCK_TICKS, children / CLOCK_TICKS)
    return table


def cpu_by_kind(root_pid, server_pid):
    """CPU seconds of root_pid's process tree by kind: chromium, node, python (this
    process), server (the runserver tree). A process reaped since is counted in its
    parent's children's time: a Chromium renderer's in Chromium's, Chromium's in the
    driver's (node starts nothing else, so its children's time is Chromium's)."""
    table = process_table()
    totals = {"chromium": 0.0, "node": 0.0, "python": 0.0, "server": 0.0}

    def walk(pid, kind=None):
        _, name, own, children = table[pid]
        own_kind = kind or (
            "chromium"
            if name.startswith("chrom")
            else "node"
            if name.startswith("node")
            else "python"
        )
        totals[own_kind] += own
        totals[kind or ("chromium" if own_kind == "node" else own_kind)] += children
        for child, (child_parent, *_) in table.items():
            if child_parent == pid:
                walk(child, kind)

    own = os.times()
    totals["python"] += own.user + own.system
    for child, (parent, *_) in table.items():
        if parent == root_pid and child != server_pid:
            walk(child)
    if server_pid in table:
        walk(server_pid, "server")
    return totals


def load_average():
    return os.getloadavg()[0]


def start_server(folder, port):
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder}/db.sqlite3",
        "CACHE_DIR": f"{folder}/cache",
        "STATIC_ROOT": f"{folder}/static",
        "PAGE_CACHE_WARM_PAGES": "0",
        "REDIS_URL": "",
        "DJANGO_SETTINGS_MODULE": "portal.settings",
    }
    python = sys.executable
    if not (Path(folder) / "db.sqlite3").exists():
        for command in (
            ["migrate", "--noinput", "-v0"],
            ["import_content", "-v0"],
            ["collectstatic", "--noinput", "-v0"],
        ):
            subprocess.run([python, "manage.py", *command], cwd=REPO, env=environment, check=True)
    server = subprocess.Popen(
        [python, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=REPO,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    import urllib.request

    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the server did not start")


def measure(label, action, server_pid, results):
    before = cpu_by_kind(os.getpid(), server_pid)
    started = time.perf_counter()
    action()
    wall = time.perf_counter() - started
    time.sleep(0.3)  # let exited processes be reaped into their parents' totals
    after = cpu_by_kind(os.getpid(), server_pid)
    spent = {kind: after[kind] - before[kind] for kind in before}
    results.setdefault(label, []).append((spent, wall, load_average()))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--port", type=int, default=8150)
    parser.add_argument("--url", default="/guidance/cyber-dependent-crimes/hacking/")
    parser.add_argument("--axe-url", default="/one-page/guidance/")
    parser.add_argument("--folder", default=os.path.join(tempfile.gettempdir(), "browser_bench"))
    parser.add_argument(
        "--variant",
        action="append",
        default=[],
        metavar="NAME=FLAGS",
        help="Chromium flags added to CHROMIUM_ARGS (space-separated); each variant's rounds "
        "are interleaved with the others' so a change in the machine's load hits them alike",
    )
    parser.add_argument("--steps", default="launch,pages,axe")
    options = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()
    from playwright.sync_api import sync_playwright

    from tests.conftest import CHROMIUM, CHROMIUM_ARGS
    from tests.quality.test_accessibility import axe_failures_in_every_display_setting

    variants = {"as configured": []}
    for variant in options.variant:
        name, _, flags = variant.partition("=")
        variants[name] = flags.split()
    os.makedirs(options.folder, exist_ok=True)
    server = start_server(options.folder, options.port)
    base = f"http://127.0.0.1:{options.port}"
    results = {}
    steps = options.steps.split(",")
    try:
        with sync_playwright() as playwright:
            for _ in range(options.rounds):
                for name, flags in variants.items():
                    arguments = [*CHROMIUM_ARGS, *flags]

                    def launch(arguments=arguments):
                        return playwright.chromium.launch(
                            executable_path=CHROMIUM, headless=True, args=arguments
                        )

                    if "launch" in steps:
                        measure(
                            (name, "launch+close"), lambda: launch().close(), server.pid, results
                        )
                    browser = launch()

                    def pages(browser=browser):
                        for _ in range(options.pages):
                            context = browser.new_context(viewport={"width": 1280, "height": 900})
                            page = context.new_page()
                            page.goto(base + options.url)
                            context.close()

                    def axe(browser=browser):
                        context = browser.new_context(viewport={"width": 1280, "height": 900})
                        page = context.new_page()
                        page.goto(base + options.axe_url)
                        failures = axe_failures_in_every_display_setting(page)
                        context.close()
                        assert not failures, failures

                    if "pages" in steps:
                        browser.new_context().new_page().goto(base + options.url)  # warm
                        measure((name, f"pages x{options.pages}"), pages, server.pid, results)
                    if "axe" in steps:
                        measure((name, "axe one page"), axe, server.pid, results)
                    browser.close()
    finally:
        server.terminate()
        server.wait()

    print(f"CHROMIUM_ARGS: {' '.join(CHROMIUM_ARGS)}")
    print(
        f"{'variant':24} {'step':14} {'chromium':>9} {'node':>6} {'python':>6} {'server':>6} "
        f"{'browser':>8} {'wall':>6} {'load':>5}  (CPU s, least of {options.rounds} rounds)"
    )
    for (name, label), runs in sorted(results.items(), key=lambda item: item[0][1]):
        spent, wall, load = min(runs, key=lambda run: sum(run[0].values()) - run[0]["server"])
        browser_side = spent["chromium"] + spent["node"] + spent["python"]
        every = sorted(run[0]["chromium"] + run[0]["node"] + run[0]["python"] for run in runs)
        print(
            f"{name[:24]:24} {label:14} {spent['chromium']:9.2f} {spent['node']:6.2f} "
            f"{spent['python']:6.2f} {spent['server']:6.2f} {browser_side:8.2f} {wall:6.2f} "
            f"{load:5.2f}  all: {', '.join(f'{v:.2f}' for v in every)}"
        )
    for name, flags in variants.items():
        if flags:
            print(f"{name}: {' '.join(flags)}")


if __name__ == "__main__":
    main()
