"""The portal against Wagtail, measured in the same run: the import, and the cold deep page.

Not a test: a measurement (never part of `make test`). Wagtail runs in a venv of its own
(`.bench/wagtail-venv`, git-ignored, made on the first run) as the minimal project in
bench/wagtail/: one page model with a RichTextField body, and `load_corpus`, which renders
each corpus file's Markdown with the portal's Python-Markdown extensions and publishes it
page by page (`add_child`, `save_revision().publish()`) in one transaction, indexed by
Wagtail's database search backend. For each size it writes the corpus (bench/corpus.py) and:

(a) imports it on fresh PostgreSQL databases, one side after the other: the portal's
    `import_content`, then Wagtail's `load_corpus`; each timed by the clock and by CPU
    (user + system of the command and its children, from getrusage, and of the PostgreSQL
    backends serving its database, read from /proc while it runs), with the load average;
(b) serves each under gunicorn, 2 sync workers, and drives with wrk (site_bench's `load`)
    the portal's deep page with the page cache off, and Wagtail's leaf page at the same
    path (3 levels below a section), each ÷ the portal's stylesheet served by whitenoise in
    the same gunicorn just before and after it.

It prints and writes a JSON and a Markdown table (`--table JSON` prints an earlier run's).

    .venv/bin/python bench/wagtail_bench.py --sizes 40,1000 \\
        --postgres-url postgres://postgres@127.0.0.1:5432/wagtail_bench \\
        --redis-url redis://127.0.0.1:6379/12 --ports 18400-18499
"""

import argparse
import contextlib
import json
import os
import resource
import secrets
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # noqa: E402
import site_bench  # noqa: E402
from search_bench import database_name, fresh_postgres  # noqa: E402

ROOT = site_bench.ROOT
WAGTAIL_DIR = ROOT / "bench" / "wagtail"
VENV = ROOT / ".bench" / "wagtail-venv"
WAGTAIL_PACKAGES = [
    "wagtail>=8,<9", "psycopg[binary]", "markdown", "pyyaml", "gunicorn", "whitenoise",
]  # fmt: skip
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/wagtail_bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/12"


def ensure_venv():
    """Wagtail's venv: made and installed once, with the Python running this script."""
    python = VENV / "bin" / "python"
    if not python.exists():
        base = getattr(sys, "_base_executable", sys.executable)
        subprocess.run([base, "-m", "venv", str(VENV)], check=True)
    check = subprocess.run([python, "-c", "import wagtail, whitenoise, gunicorn, markdown"])
    if check.returncode != 0:
        subprocess.run([python, "-m", "pip", "install", "-q", *WAGTAIL_PACKAGES], check=True)
    return python


def installed_versions(python):
    code = (
        "import django, markdown, wagtail; "
        "print(wagtail.__version__, django.get_version(), markdown.__version__)"
    )
    output = subprocess.run([python, "-c", code], capture_output=True, text=True, check=True)
    wagtail, django, markdown = output.stdout.split()
    return {"wagtail": wagtail, "django": django, "markdown": markdown}


def with_database(url, name):
    """The same server's URL for another database."""
    return url.rsplit("/", 1)[0] + "/" + name


class BackendCpu:
    """CPU time of the PostgreSQL backends serving one database while a command runs.

    A thread lists them (pg_stat_activity) and reads each one's CPU from /proc every
    `interval` seconds, keeping the last figure seen for each; a backend's work after the
    last reading before it exits is missed (at most `interval` of CPU a connection)."""

    def __init__(self, url, interval=0.1):
        import psycopg

        self.name = database_name(url)
        self.connection = psycopg.connect(with_database(url, "postgres"), autocommit=True)
        self.interval = interval
        self.seen = {}
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.watch)
        self.thread.start()

    def watch(self):
        while True:
            pids = self.connection.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s", [self.name]
            ).fetchall()
            for (pid,) in pids:
                with contextlib.suppress(FileNotFoundError, ProcessLookupError):
                    self.seen[pid] = site_bench.cpu_seconds(pid)  # unless it has just exited
            if self.stop.wait(self.interval):
                return

    def finish(self):
        self.stop.set()
        self.thread.join()
        self.connection.close()
        return sum(self.seen.values())


def timed(command, cwd, environment, database_url):
    """Wall-clock and CPU seconds of one command: its own and its children's (getrusage),
    and its database's PostgreSQL backends'; and the one-minute load average just after."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    backends = BackendCpu(database_url)
    started = time.perf_counter()
    try:
        subprocess.run(command, cwd=cwd, env=environment, check=True, stdout=subprocess.DEVNULL)
    finally:
        wall = time.perf_counter() - started
        postgres = backends.finish()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {
        "wall_s": round(wall, 1),
        "cpu_s": round(cpu, 1),
        "postgres_cpu_s": round(postgres, 1),
        "load_average": round(os.getloadavg()[0], 1),
    }


def wagtail_environment(database_url, static_root):
    environment = {
        key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"
    }
    environment.update(
        {
            "DATABASE_URL": database_url,
            "STATIC_ROOT": str(static_root),
            "SECRET_KEY": secrets.token_urlsafe(50),
            "LOG_LEVEL": "WARNING",
        }
    )
    return environment


def wagtail_manage(python, environment, *arguments):
    return site_bench.manage(environment, *arguments, python=python, cwd=WAGTAIL_DIR)


def static_url(static_root):
    """The portal's stylesheet under its hashed name, as whitenoise serves it."""
    manifest = json.loads((static_root / "staticfiles.json").read_text())
    return "/static/" + manifest["paths"]["css/portal.css"]


def page_rate(server, page_url, static, options, label):
    """The page's requests per second ÷ the static file's, measured just before and after."""
    with urllib.request.urlopen(server.url + page_url, timeout=60) as response:
        assert response.status == 200, (label, page_url, response.status)
    targets = {"static_css": static, "page": page_url}
    return site_bench.load_each_between_static(server, targets, options, label)


def delete_redis_keys(redis_url, prefix):
    """Only the keys this run wrote (its own prefix): never a whole database."""
    import redis

    client = redis.Redis.from_url(redis_url)
    for key in client.scan_iter(match=f"{prefix}:*", count=1000):
        client.delete(key)


def drop_database(url):
    import psycopg

    with psycopg.connect(with_database(url, "postgres"), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{database_name(url)}"')


def run_size(size, options, python, workdir, statics):
    print(f"\n== {size} pages ==", flush=True)
    content_dir = workdir / f"content-{size}"
    shape = corpus.generate(content_dir, size)
    name = database_name(options.postgres_url)
    portal_url = with_database(options.postgres_url, f"{name}_portal")
    wagtail_url = with_database(options.postgres_url, f"{name}_wagtail")

    # (a) The import, one side after the other, each on a fresh database.
    fresh_postgres(portal_url)
    portal_environment = site_bench.base_environment(portal_url, statics["portal"])
    portal_environment["CACHE_DIR"] = str(workdir / f"cache-{size}")
    site_bench.manage(portal_environment, "migrate", "--noinput")
    portal_import = timed(
        [site_bench.PYTHON, "manage.py", "import_content", str(content_dir)],
        ROOT,
        portal_environment,
        portal_url,
    )
    print(f"  portal import_content: {portal_import}", flush=True)
    fresh_postgres(wagtail_url)
    wagtail_env = wagtail_environment(wagtail_url, statics["wagtail"])
    wagtail_manage(python, wagtail_env, "migrate", "--noinput")
    load_corpus = [python, "manage.py", "load_corpus", str(content_dir)]
    wagtail_import = timed(load_corpus, WAGTAIL_DIR, wagtail_env, wagtail_url)
    print(f"  Wagtail load_corpus: {wagtail_import}", flush=True)
    # As site_bench does: this server runs with autovacuum off (the portal's settings are
    # only used to reach the database and send VACUUM ANALYZE).
    site_bench.vacuum(portal_environment)
    site_bench.vacuum(site_bench.base_environment(wagtail_url, statics["portal"]))

    # (b) The cold page on each, under the same gunicorn settings.
    prefix = f"wagtail-bench-{size}-{secrets.token_hex(4)}"
    try:  # the workers may write keys even if the server never becomes healthy
        server = site_bench.Server(
            {
                **portal_environment,
                "REDIS_URL": options.redis_url,
                "CACHE_KEY_PREFIX": prefix,
                "PAGE_CACHE_SECONDS": "0",
            },
            workdir / f"portal-{size}.log",
        )
        try:
            portal_rate = page_rate(
                server, shape["deep_page"], static_url(statics["portal"]), options, "portal"
            )
        finally:
            server.stop()
    finally:
        delete_redis_keys(options.redis_url, prefix)
    server = site_bench.Server(
        wagtail_env,
        workdir / f"wagtail-{size}.log",
        command=[str(VENV / "bin" / "gunicorn"), "-c", "gunicorn.conf.py", "benchsite.wsgi"],
        cwd=WAGTAIL_DIR,
    )
    try:
        wagtail_rate = page_rate(
            server, shape["deep_page"], static_url(statics["wagtail"]), options, "Wagtail"
        )
    finally:
        server.stop()
    return {
        "size": size,
        **shape,
        "import": {"portal": portal_import, "wagtail": wagtail_import},
        "page_rate": {"portal": portal_rate, "wagtail": wagtail_rate},
    }


def ratio(numerator, denominator):
    return f"{numerator / denominator:.1f}×" if denominator else "–"


def markdown_table(results):
    """The run as bench/README.md keeps it: the import, then the cold page ÷ static."""
    versions = results.get("versions", {})
    lines = [
        f"Wagtail {versions.get('wagtail', '?')} (Django {versions.get('django', '?')}, "
        f"Python-Markdown {versions.get('markdown', '?')}) against the portal; PostgreSQL.",
        "",
        "| pages | portal `import_content` | Wagtail `load_corpus` | Wagtail ÷ portal |",
        "| ---: | --- | --- | --- |",
    ]

    def described(row):
        return (
            f"{row['wall_s']} s wall; {row['cpu_s']} + {row['postgres_cpu_s']} s CPU "
            f"(load {row['load_average']})"
        )

    for result in results["sizes"]:
        portal, wagtail = result["import"]["portal"], result["import"]["wagtail"]
        portal_cpu = portal["cpu_s"] + portal["postgres_cpu_s"]
        wagtail_cpu = wagtail["cpu_s"] + wagtail["postgres_cpu_s"]
        lines.append(
            f"| {result['pages']} | {described(portal)} | {described(wagtail)} | "
            f"{ratio(wagtail['wall_s'], portal['wall_s'])} wall, "
            f"{ratio(wagtail_cpu, portal_cpu)} CPU |"
        )
    lines += [
        "",
        "(CPU: the command and its children + PostgreSQL's backends, user + system.)",
        "",
        "| pages | page | portal req/s | ÷ static | Wagtail req/s | ÷ static | portal ÷ Wagtail "
        "| load average (portal / Wagtail) |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for result in results["sizes"]:
        portal, wagtail = (result["page_rate"][side]["page"] for side in ("portal", "wagtail"))
        cells = []
        for row in (portal, wagtail):
            shown = f"{row['ratio_to_static']:.3f}"
            if row.get("cpu_ratio_to_static"):
                shown += f" (CPU {row['cpu_ratio_to_static']:.2f})"
            cells += [f"{row['rps']:.0f}", shown]
        lines.append(
            f"| {result['pages']} | `{result['deep_page']}`, nothing cached | "
            + " | ".join(cells)
            + f" | {ratio(portal['ratio_to_static'], wagtail['ratio_to_static'])} | "
            f"{portal['load_average']} / {wagtail['load_average']} |"
        )
    lines += [
        "",
        "(÷ static: the page's requests per second ÷ those of the portal's stylesheet served "
        "by whitenoise in the same gunicorn just before and after; CPU x: the same ratio of "
        "the workers' CPU time a request.)",
    ]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    site_bench.add_load_options(parser)
    parser.add_argument(
        "--postgres-url",
        default=DEFAULT_POSTGRES_URL,
        help="its database name + _portal and + _wagtail are dropped and created",
    )
    parser.add_argument(
        "--keep-databases", action="store_true", help="leave the last size's databases"
    )
    parser.add_argument("--redis-url", default=DEFAULT_REDIS_URL)
    parser.add_argument("--output", default=str(ROOT / "bench" / "results" / "wagtail.json"))
    parser.add_argument("--table", metavar="JSON", help="print an earlier run's Markdown table")
    options = parser.parse_args()
    if options.table:
        print(markdown_table(json.loads(Path(options.table).read_text())))
        return
    site_bench.use_ports(options.ports)
    site_bench.ensure_wrk()
    python = ensure_venv()
    results = {
        "machine": site_bench.machine(),
        "versions": installed_versions(python),
        "duration_s": options.duration,
        "connections": options.connections,
        "sizes": [],
    }
    output = Path(options.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="wagtail-bench-") as workdir:
        workdir = Path(workdir)
        statics = {"portal": workdir / "static-portal", "wagtail": workdir / "static-wagtail"}
        site_bench.manage(
            site_bench.base_environment("sqlite://:memory:", statics["portal"]),
            "collectstatic",
            "--noinput",
        )
        wagtail_manage(
            python,
            wagtail_environment(DEFAULT_POSTGRES_URL, statics["wagtail"]),
            "collectstatic",
            "--noinput",
        )
        for size in (int(size) for size in options.sizes.split(",")):
            results["sizes"].append(run_size(size, options, python, workdir, statics))
            output.write_text(json.dumps(results, indent=2) + "\n")  # kept if a later size fails
    if not options.keep_databases:
        for suffix in ("_portal", "_wagtail"):
            name = database_name(options.postgres_url) + suffix
            drop_database(with_database(options.postgres_url, name))
    table = markdown_table(results)
    output.with_suffix(".md").write_text(table + "\n")
    print("\n" + table)
    print(f"\nwritten to {output} and {output.with_suffix('.md')}")


if __name__ == "__main__":
    main()
