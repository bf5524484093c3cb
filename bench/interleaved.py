"""One page on several servers, measured in turn: is a change in the bench a regression or noise?

Not a test: a measurement (never part of `make test`). Each server is gunicorn as
site_bench.py starts it (2 sync workers, production settings, the page cache off unless
--page-cache is given), for a checkout of the portal (this one, or a `git worktree` of an
older commit, with its own .venv from `make setup`) and a database already loaded (with
`import_content` of a bench corpus, bench/corpus.py). All the servers run at once, and
each round drives every server's page in turn with wrk (site_bench's `load`), the static
CSS file just before and after it, the order reversed every other round (A B C, C B A...),
so that the machine's load drifts over all of them alike. What to compare is the workers'
CPU time a request (from /proc), which a shared machine moves far less than requests per
second; both are printed and written as JSON.

    .venv/bin/python bench/interleaved.py --rounds 4 --duration 8 --ports 18300-18399 \\
        --redis-url redis://127.0.0.1:6379/10 \\
        main40=.:postgres://postgres@127.0.0.1:5432/mine_40:/guidance/page-1/page-3/page-2/ \\
        old40=../old:postgres://postgres@127.0.0.1:5432/mine_old40:/guidance/page-1/page-3/page-2/

(bench/corpus.py's `generate` returns each size's deep page: `deep_page`.) `--also
KIND=PATH` adds a page every server serves (home=/, search=/search/?q=fraud...), measured
after the first in each round; `--env NAME:VARIABLE=VALUE` sets a variable for one server
only (the same checkout with a setting off and on). On a PostgreSQL database on this
machine, the CPU of its backends a request is read as well: give each server a database of
its own (`CREATE DATABASE copy TEMPLATE loaded`), or they would be counted together.
"""

import argparse
import json
import secrets
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import site_bench  # noqa: E402
from search_bench import database_name  # noqa: E402
from wagtail_bench import delete_redis_keys, static_url  # noqa: E402


def start(spec, options, static_root, workdir):
    """A server for NAME=CHECKOUT:DATABASE_URL:PATH (the URL's own colons are kept)."""
    name, rest = spec.split("=", 1)
    checkout, rest = rest.split(":", 1)
    database_url, path = rest.rsplit(":", 1)
    checkout = Path(checkout).resolve()
    environment = site_bench.base_environment(database_url, static_root)
    environment.update(
        {
            "REDIS_URL": options.redis_url,
            "CACHE_KEY_PREFIX": f"{options.key_prefix}:{name}",
            "PAGE_CACHE_SECONDS": "600" if options.page_cache else "0",
        }
    )
    environment.update(site_bench.named_settings(options.env).get(name, {}))
    command = [str(checkout / ".venv/bin/gunicorn"), "-c", "gunicorn.conf.py", "portal.wsgi"]
    postgres = database_url.startswith(("postgres://", "postgresql://"))
    server = site_bench.Server(
        environment,
        workdir / f"gunicorn-{name}.log",
        command=command,
        cwd=checkout,
        database=database_name(database_url) if postgres else None,
    )
    print(f"{name}: {server.url}{path} ({checkout}, {database_url})", flush=True)
    return name, path, server


def summary(rows):
    """Each server's median and lowest figures over the rounds, for each page."""
    by_server_and_kind = {}
    for row in rows:
        for kind, measured in row.items():
            if isinstance(measured, dict) and kind != "static_css":
                by_server_and_kind.setdefault((row["server"], kind), []).append(measured)
    lines = []
    for (name, kind), runs in by_server_and_kind.items():
        cpu = [run["worker_cpu_us"] for run in runs]
        ratios = [run["ratio_to_static"] for run in runs]
        cpu_ratios = [run.get("cpu_ratio_to_static") or 0 for run in runs]
        loads = [run["load_average"] for run in runs]
        postgres = [run["postgres_cpu_us"] for run in runs if run.get("postgres_cpu_us")]
        postgres_cpu = f", PostgreSQL's {statistics.median(postgres):.0f} µs" if postgres else ""
        lines.append(
            f"{name:14} {kind:14} workers' CPU a request: median {statistics.median(cpu):.0f} µs "
            f"(lowest {min(cpu):.0f}){postgres_cpu}; ÷ static: requests "
            f"{statistics.median(ratios):.3f}, CPU {statistics.median(cpu_ratios):.3f} "
            f"(medians of {len(runs)}); load {min(loads)}–{max(loads)}"
        )
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("servers", nargs="+", metavar="NAME=CHECKOUT:DATABASE_URL:PATH")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--duration", type=int, default=8, help="seconds of load per page")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--ports", metavar="FIRST-LAST")
    parser.add_argument("--redis-url", default=site_bench.DEFAULT_REDIS_URL)
    parser.add_argument("--page-cache", action="store_true", help="serve with the page cache on")
    parser.add_argument(
        "--also", action="append", default=[], metavar="KIND=PATH", help="another page, each server"
    )
    parser.add_argument(
        "--env", action="append", default=[], metavar="NAME:VARIABLE=VALUE", help="for one server"
    )
    parser.add_argument("--output", default="interleaved.json")
    options = parser.parse_args()
    options.key_prefix = f"interleaved-{secrets.token_hex(4)}"
    site_bench.use_ports(options.ports)
    site_bench.ensure_wrk()
    rows = []
    with tempfile.TemporaryDirectory(prefix="interleaved-") as workdir:
        workdir = Path(workdir)
        static_root = workdir / "static"
        environment = site_bench.base_environment("sqlite://:memory:", static_root)
        site_bench.manage(environment, "collectstatic", "--noinput")
        static = static_url(static_root)
        servers = []
        try:
            for spec in options.servers:
                servers.append(start(spec, options, static_root, workdir))
            for number in range(options.rounds):
                for name, path, server in servers if number % 2 == 0 else servers[::-1]:
                    targets = {"static_css": static, "page": path}
                    targets.update(page.split("=", 1) for page in options.also)
                    label = f"r{number} {name}"
                    measured = site_bench.load_each_between_static(server, targets, options, label)
                    rows.append({"round": number, "server": name, **measured})
        finally:
            for _, _, server in servers:
                server.stop()
            delete_redis_keys(options.redis_url, options.key_prefix)
    Path(options.output).write_text(json.dumps(rows, indent=1) + "\n")
    print("\n" + summary(rows))
    print(f"\nwritten to {options.output}")


if __name__ == "__main__":
    main()
