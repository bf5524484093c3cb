"""The portal under load: generated trees of 40, 1 000 and 10 000 pages on the production stack.

Not a test: a measurement. For each size it writes a content folder (bench/corpus.py),
imports it with `import_content` into a database of its own (PostgreSQL `bench_site`, or a
temporary SQLite file) and times that; then starts gunicorn as production runs it (2 sync
workers, DEBUG off, whitenoise, the shared Redis cache) on a loopback port, once with the
page cache off and once with it on, and drives each URL with `wrk` (installed with apt-get
if missing) at 8 connections for --duration seconds after a warm-up, the static CSS file just
before and after each. It prints requests per second, p50 and p99 latency, the workers' CPU
time a request and the ratios of both to the static CSS file for each URL, the CPU time of
one request in-process, the SQL queries and HTML bytes of each kind of page, the CSS and
JavaScript a page loads, and each worker's resident memory after the load; it writes
everything as JSON, and stops all it started.

    .venv/bin/python bench/site_bench.py                       # 40, 1 000 and 10 000 pages
    .venv/bin/python bench/site_bench.py --sizes 40,1000 --duration 10 --database sqlite

`make bench` runs the first line.
"""

import argparse
import contextlib
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # noqa: E402
from search_bench import fresh_postgres  # noqa: E402

DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/bench_site"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/13"
SEARCH = "/search/?q=computer+misuse+evidence"
PYTHON = sys.executable
TARGETS = {
    "uncached_ratio": 0.25,
    "cached_ratio": 0.60,
    "large_tree_ratio": 0.70,
    "queries": 6,
    "worker_rss_mb": 150,
    "import_10000_s": 60,
    "css_bytes": 20_000,
    "js_bytes": 5_000,
}


def ensure_wrk():
    if shutil.which("wrk"):
        return
    print("wrk is missing: installing Debian's wrk with apt-get", flush=True)
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=False)
    if not shutil.which("wrk"):
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True)


# Ports the servers may use (--ports): any free one unless a range is given, so that several
# people can run the bench on one machine, each in the range agreed for them.
PORTS = None


def free_port():
    for port in PORTS or [0]:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return sock.getsockname()[1]
    raise RuntimeError(f"no free port in {PORTS}")


def base_environment(database_url, static_root):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "REDIS_URL", "PAGE_CACHE_SECONDS"}
    }
    environment.update(
        {
            "DATABASE_URL": database_url,
            "STATIC_ROOT": str(static_root),
            "PORTAL_ENV": "production",
            "SECURE_SSL_REDIRECT": "0",  # plain HTTP on loopback; HSTS is sent on HTTPS only
            "SECRET_KEY": os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,testserver",
            "DEBUG": "0",
            "LOG_LEVEL": "WARNING",
        }
    )
    return environment


def manage(environment, *arguments, python=PYTHON, cwd=ROOT):
    """Seconds a manage.py command took (another site's: its `python` and folder)."""
    started = time.perf_counter()
    subprocess.run(
        [python, "manage.py", *arguments],
        cwd=cwd,
        env=environment,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def vacuum(environment):
    code = (
        "import django; django.setup()\n"
        "from django.db import connection\n"
        "with connection.cursor() as cursor:\n"
        "    cursor.execute('VACUUM ANALYZE' if connection.vendor == 'postgresql' else 'ANALYZE')\n"
    )
    subprocess.run(
        [PYTHON, "-c", code],
        cwd=ROOT,
        env={**environment, "DJANGO_SETTINGS_MODULE": "portal.settings"},
        check=True,
    )


def parent_and_cpu_seconds(pid):
    """(parent's pid, user + system CPU seconds so far) of a running process, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    """User and system CPU time a running process has spent so far, read from /proc."""
    return parent_and_cpu_seconds(pid)[1]


def is_backend_of(pid, database):
    """Whether a process is a PostgreSQL backend connected to `database` (same machine)."""
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    return command.startswith(b"postgres: ") and f" {database} ".encode() in command


def backends_cpu_seconds(database):
    """CPU time so far of the PostgreSQL backends now connected to `database`. A backend that
    ends between two readings takes its CPU with it: keep connections open meanwhile."""
    total = 0.0
    for entry in os.listdir("/proc"):
        if entry.isdigit() and is_backend_of(entry, database):
            with contextlib.suppress(OSError):  # ended since
                total += cpu_seconds(entry)
    return total


class Server:
    """gunicorn as `make serve` starts it, on a free loopback port. Another site (the Wagtail
    bench's) gives its own `command` and `cwd`: its gunicorn config reads the same variables
    (HOST, PORT, WEB_CONCURRENCY...) and it answers /healthz too."""

    def __init__(self, environment, log_file, command=None, cwd=ROOT, database=None):
        self.database = database  # a PostgreSQL database's name: its backends' CPU is read too
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(log_file, "w")  # noqa: SIM115
        self.process = subprocess.Popen(
            command
            or [str(Path(PYTHON).with_name("gunicorn")), "-c", "gunicorn.conf.py", "portal.wsgi"],
            cwd=cwd,
            env={
                **environment,
                "HOST": "127.0.0.1",
                "PORT": str(self.port),
                "WEB_CONCURRENCY": "2",
                "GUNICORN_ACCESS_LOG": "0",
                "GUNICORN_MAX_REQUESTS": "0",  # no recycling in the middle of a measurement
            },
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: see {log_file}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise TimeoutError("gunicorn never became healthy")

    def worker_cpu_seconds(self):
        """User and system CPU time of the workers so far (the bench's own load excluded)."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return sum(cpu_seconds(pid) for pid in children.read_text().split())

    def worker_threads_cpu_seconds(self):
        """CPU time so far of the workers' threads other than their main ones: the page
        cache's warming thread (a sync worker serves requests on its main thread alone)."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        total = 0.0
        for pid in children.read_text().split():
            for task in Path(f"/proc/{pid}/task").iterdir():
                if task.name != pid:
                    with contextlib.suppress(OSError):  # ended since
                        total += cpu_seconds(f"{pid}/task/{task.name}")
        return total

    def worker_rss_mb(self):
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        sizes = []
        for pid in children.read_text().split():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    sizes.append(round(int(line.split()[1]) / 1024, 1))
        return sizes

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def milliseconds(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def load(url, duration, connections, server=None):
    """wrk's requests per second, p50 and p99 latency (ms) and non-2xx count for one URL;
    with `server`, also the CPU time its workers spent a request (µs), read from /proc."""
    subprocess.run(
        ["wrk", "-t2", f"-c{connections}", "-d2s", url], capture_output=True, check=True
    )  # warm-up: every worker has rendered (and, when on, cached) the page
    cpu_before = server.worker_cpu_seconds() if server else None
    postgres_before = backends_cpu_seconds(server.database) if server and server.database else None
    # A page slower than wrk's 2 s timeout (Wagtail's, on a loaded machine) would be
    # counted as an error, not a request, and its CPU charged to the others.
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "30s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    load_average = os.getloadavg()[0]  # the 1-minute load just after: this run's conditions
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    worker_cpu = None
    if server and requests:
        worker_cpu = round((server.worker_cpu_seconds() - cpu_before) / requests * 1e6, 1)
    postgres_cpu = None
    if postgres_before is not None and requests:
        postgres_seconds = backends_cpu_seconds(server.database) - postgres_before
        postgres_cpu = round(postgres_seconds / requests * 1e6, 1)
    latency = dict(re.findall(r"^\s*(50|99)%\s+([\d.]+(?:us|ms|s))\s*$", output, re.MULTILINE))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    if "50" not in latency or "99" not in latency:
        print(output, file=sys.stderr)
    return {
        "rps": round(rps, 1),
        "p50_ms": round(milliseconds(latency["50"]), 2) if "50" in latency else None,
        "p99_ms": round(milliseconds(latency["99"]), 2) if "99" in latency else None,
        "load_average": round(load_average, 1),
        "non_2xx": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(1).strip() if socket_errors else "",
        "worker_cpu_us": worker_cpu,
        **({"postgres_cpu_us": postgres_cpu} if postgres_before is not None else {}),
    }


def load_each_between_static(server, targets, options, label):
    """Each URL's load, and its ratio to the static file measured just before and just after
    it on the same server (the mean of the two), as the issue's method has it: on a machine
    shared with other work the load drifts within minutes, and a ratio to one static figure
    taken at the start would carry that drift."""
    results = {}
    statics = []

    def static():  # half as long as a page: it is measured once more than the pages
        duration = max(3, options.duration // 2)
        row = load(server.url + targets["static_css"], duration, options.connections, server)
        statics.append(row)
        return row

    results["static_css"] = static()
    print(f"  {label:8} static_css {results['static_css']}", flush=True)
    for kind, url in targets.items():
        if kind == "static_css":
            continue
        row = load(server.url + url, options.duration, options.connections, server)
        before, after = statics[-1], static()
        row["static_rps_around"] = [before["rps"], after["rps"]]
        row["ratio_to_static"] = round(row["rps"] / ((before["rps"] + after["rps"]) / 2), 3)
        if row["worker_cpu_us"] and before["worker_cpu_us"] and after["worker_cpu_us"]:
            static_cpu = (before["worker_cpu_us"] + after["worker_cpu_us"]) / 2
            row["cpu_ratio_to_static"] = round(static_cpu / row["worker_cpu_us"], 3)
        results[kind] = row
        print(f"  {label:8} {kind:10} {row}", flush=True)
    results["static_css"]["ratio_to_static"] = 1.0
    results["static_css"]["rps_each_time"] = [row["rps"] for row in statics]
    return results


def page_facts(urls):
    """SQL queries and HTML bytes per kind of page; runs in a child with the bench database."""
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    client = Client()
    facts = {}
    from guidance.visibility import seconds_until_next_publication

    for kind, url in urls.items():
        cache.clear()
        # Worked out once per content change and shared by every page (one query), not
        # part of any one page's cost.
        seconds_until_next_publication()
        with CaptureQueriesContext(connection) as uncached:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        with CaptureQueriesContext(connection) as cached:
            client.get(url)
        facts[kind] = {
            "queries": len(uncached),
            "queries_cached": len(cached),
            "html_bytes": len(response.content),
        }
    html = client.get(urls["guidance"]).text
    stylesheets = re.findall(r'<link rel="stylesheet" href="/static/([^"]+)"', html)
    scripts = re.findall(r'<script src="/static/([^"]+)"([^>]*)>', html)
    static = Path(settings.BASE_DIR) / "static"
    facts["page_weight"] = {
        "css_bytes": sum((static / name).stat().st_size for name in stylesheets),
        "js_bytes": sum((static / name).stat().st_size for name, _ in scripts),
        "stylesheets": len(stylesheets),
        "blocking_scripts": sum(
            1 for _, attrs in scripts if "defer" not in attrs and "async" not in attrs
        ),
        "web_fonts": html.count("@font-face") + html.count(".woff"),
    }
    # What an import cannot go below: each body through the Markdown pipeline, one core.
    from guidance.models import GuidancePage
    from guidance.rendering import render_markdown

    bodies = list(GuidancePage.objects.order_by("pk").values_list("body_markdown", flat=True)[:200])
    started = time.perf_counter()
    for body in bodies:
        render_markdown(body)
    facts["render_ms_per_body"] = round((time.perf_counter() - started) * 1000 / len(bodies), 2)
    return facts


def wsgi_get(application, url):
    """(status, body) of a GET of `url` through a WSGI application, in this process."""
    import io

    path, _, query = url.partition("?")
    environ = {
        "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": query,
        "SCRIPT_NAME": "", "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1", "HTTP_HOST": "127.0.0.1", "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(b""), "wsgi.errors": sys.stderr,
    }  # fmt: skip
    statuses = []
    body = application(environ, lambda status, headers, exc_info=None: statuses.append(status))
    content = b"".join(body)
    if hasattr(body, "close"):
        body.close()
    return statuses[0], content


def cpu_per_request(urls, static_url, requests=400, rounds=5):
    """CPU time (µs, best of `rounds`) of one request through the site's WSGI application in
    this process: the static file, and each page from the page cache (answered at the door)
    and missed by it (a query string, which it never answers: the deep page and home from
    their page shells, the others rendered with warm fragments). Unlike requests per second it
    hardly moves with the machine's load. Runs in a child with the bench's settings."""
    import django

    django.setup()
    from portal.wsgi import application

    def get(url):
        return wsgi_get(application, url)[0]

    def cost(url, count):
        assert get(url).startswith("200"), url
        best = None
        for _ in range(rounds):
            started = time.process_time()
            for _ in range(count):
                get(url)
            spent = (time.process_time() - started) / count * 1e6
            best = spent if best is None else min(best, spent)
        return round(best, 1)

    figures = {"static_css": cost(static_url, requests)}
    for kind, url in urls.items():
        if "?" not in url:
            figures[kind] = cost(url, requests)
        separator = "&" if "?" in url else "?"
        figures[f"{kind}_fragments"] = cost(f"{url}{separator}utm_source=bench", 20)
    return figures


READ_PATHS_SCRIPT = """
local paths = {%s}
local counter = 0
request = function()
    counter = counter + 1
    return wrk.format("GET", paths[(counter %% #paths) + 1])
end
"""
EDITOR_PASSWORD = secrets.token_urlsafe(16)


def readers_paths(server, count=60):
    """The first `count` pages of the sitemap (an index of sections): what the readers
    under load ask for."""

    def locations(path):
        with urllib.request.urlopen(f"{server.url}{path}", timeout=300) as response:
            found = re.findall(r"<loc>([^<]+)</loc>", response.read().decode())
        return [re.sub(r"^https?://[^/]+", "", address) for address in found]

    paths = []
    for section in locations("/sitemap.xml"):
        paths += locations(section)
        if len(paths) >= count:
            break
    return paths[:count]


def load_paths(server, paths, duration, connections, workdir):
    script = workdir / "paths.lua"
    script.write_text(READ_PATHS_SCRIPT % ", ".join(json.dumps(path) for path in paths))
    # wrk gives up on a request after 2 s by default and leaves it out of the percentiles:
    # a reader kept waiting by a save must count, however long the wait.
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "60s", "--latency",
         "-s", str(script), server.url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout  # fmt: skip
    latency = dict(re.findall(r"^\s*(50|99)%\s+([\d.]+(?:us|ms|s))\s*$", output, re.MULTILINE))
    socket_errors = re.search(r"Socket errors:.*timeout (\d+)", output)
    not_ok = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "p50_ms": round(milliseconds(latency["50"]), 2),
        "p99_ms": round(milliseconds(latency["99"]), 2),
        "max_ms": round(milliseconds(re.search(r"Latency\s+\S+\s+\S+\s+(\S+)", output)[1]), 2),
        "timeouts": int(socket_errors.group(1)) if socket_errors else 0,
        "not_ok": int(not_ok.group(1)) if not_ok else 0,
        "load_average": round(os.getloadavg()[0], 1),
    }


def edit_every_five_seconds(editor, change_url, stop, saves):
    """An editor saving one page's summary through the admin every 5 s until `stop`;
    `saves` gets (status, seconds, started) for each: the POST and the page list it leads
    to, or the error that ended them (a page that takes over 30 s, on a machine this busy),
    and when the POST was sent (time.time(), to set reads beside it)."""
    while not stop.wait(5):
        started = None
        try:
            fields = [
                (name, f"Summary saved at {time.time():.0f}." if name == "summary" else value)
                for name, value in editor.form_fields(change_url, "guidancepage_form")
            ]
            started = time.time()
            status = editor.post(change_url, fields + [("_save", "Save")])[0]
        except OSError as error:
            status = type(error).__name__
        started = started or time.time()
        saves.append((status, time.time() - started, started))


# Each edit-under-load run: (its name, PAGE_CACHE_WARM_PAGES).
WARMING_MODES = (("without_warming", "0"), ("with_warming", "500"))


def edit_under_load(
    environment,
    size,
    options,
    workdir,
    label="redis",
    root=ROOT,
    modes=None,
    read=load_paths,
    paths=None,
):
    """Readers' p50/p99 over many pages while an editor saves a page every 5 seconds for
    --edit-seconds, without warming and with it (the page cache on: Redis, or the default
    install's files). `root`: another checkout's code (bench/edit_load.py compares two);
    `read`: what drives the readers (load_paths' arguments and result, and more of its own:
    bench/edit_load.py times every read); `paths`: what they read (the sitemap's first 60
    pages by default)."""
    sys.path.insert(0, str(ROOT))
    from tests.production.servers import Browser

    code = (
        "import django; django.setup()\n"
        "from django.contrib.auth import get_user_model\n"
        "User = get_user_model()\n"
        "User.objects.filter(username='bench-editor').delete()\n"
        f"User.objects.create_superuser('bench-editor', 'e@example.org', {EDITOR_PASSWORD!r})\n"
    )
    subprocess.run(
        [PYTHON, "-c", code],
        cwd=root,
        env={**environment, "DJANGO_SETTINGS_MODULE": "portal.settings"},
        check=True,
    )
    results = {}
    for mode, warm_pages in modes or WARMING_MODES:
        separate_cache = {"CACHE_KEY_PREFIX": f"bench-{size}-edit-{mode}-{secrets.token_hex(4)}"}
        if "CACHE_DIR" in environment:  # each run starts from an empty cache
            separate_cache["CACHE_DIR"] = f"{environment['CACHE_DIR']}-edit-{mode}"
            shutil.rmtree(separate_cache["CACHE_DIR"], ignore_errors=True)
        log_file = workdir / f"gunicorn-{size}-edit-{label}-{mode}.log"
        server = Server(
            {
                **environment,
                **separate_cache,
                "PAGE_CACHE_WARM_PAGES": warm_pages,
                "PORTAL_ENV": "development",  # the editor signs in over plain HTTP
                "DATABASE_CONN_MAX_AGE": "60",  # as production keeps connections
                "GUNICORN_TIMEOUT": "300",  # the sitemap of 10 000 pages, read once for its paths
            },
            log_file,
            cwd=root,
        )
        try:
            paths = paths or readers_paths(server)
            read(server, paths, 3, options.connections, workdir)  # every page read once
            editor = Browser()
            editor.log_in(server.url, "bench-editor", EDITOR_PASSWORD)
            page_change = f"{server.url}/admin/guidance/guidancepage/1/change/"
            stop = threading.Event()
            saves = []
            editing = threading.Thread(
                target=edit_every_five_seconds, args=(editor, page_change, stop, saves)
            )
            editing.start()
            try:
                cpu_before = server.worker_cpu_seconds()
                threads_cpu_before = server.worker_threads_cpu_seconds()
                reads = read(server, paths, options.edit_seconds, options.connections, workdir)
                cpu = server.worker_cpu_seconds() - cpu_before
                threads_cpu = server.worker_threads_cpu_seconds() - threads_cpu_before
            finally:
                stop.set()
                editing.join()
            results[mode] = {
                **reads,
                "saves": len(saves),
                "failed_saves": sum(status != 200 for status, _, _ in saves),
                "save_ms": sorted(round(seconds * 1000) for _, seconds, _ in saves),
                "save_times": [[started, started + seconds] for _, seconds, started in saves],
                "worker_cpu_ms_per_read": round(cpu * 1000 / max(reads["requests"], 1), 3),
                "warming_thread_cpu_s": round(threads_cpu, 3),
                "log_file": str(log_file),
                "pages_read": len(paths),
            }
            print(f"  edit load ({label}) {mode:16} {results[mode]}", flush=True)
        finally:
            server.stop()
    return results


def default_install(size, options, static_root, workdir, content_dir, urls, static_url):
    """As a newcomer runs it: SQLite, no Redis, every setting left at its default (the page
    cache on, in the file cache every worker shares)."""
    database_url = f"sqlite:///{workdir / f'default-{size}.sqlite3'}"
    environment = base_environment(database_url, static_root)
    environment["CACHE_DIR"] = str(workdir / f"cache-{size}")
    manage(environment, "migrate", "--noinput")
    import_seconds = manage(environment, "import_content", str(content_dir))
    vacuum(environment)
    server = Server(environment, workdir / f"gunicorn-{size}-default.log")
    results = {"import_s": round(import_seconds, 1)}
    try:
        targets = {"static_css": static_url, **urls}
        targets.pop("search")
        results.update(load_each_between_static(server, targets, options, "default"))
        results["worker_rss_mb"] = server.worker_rss_mb()
    finally:
        server.stop()
    results["edit_under_load"] = edit_under_load(
        environment, size, options, workdir, label="default install"
    )
    return results


def run_size(size, options, static_root, workdir):
    print(f"\n== {size} pages ==", flush=True)
    content_dir = workdir / f"content-{size}"
    shape = corpus.generate(content_dir, size)
    if options.database == "postgresql":
        database_url = options.postgres_url
        if not options.reuse_postgres:
            fresh_postgres(database_url)
    else:
        database_url = f"sqlite:///{workdir / f'bench-{size}.sqlite3'}"
    environment = base_environment(database_url, static_root)
    manage(environment, "migrate", "--noinput")
    if options.reuse_postgres:
        # The same corpus loaded by an earlier run (import_content is then not timed).
        loaded_by, import_seconds = "an earlier run (--reuse-postgres)", None
    else:
        loaded_by = "import_content"
        import_seconds = manage(environment, "import_content", str(content_dir))
        print(f"loaded {shape['pages']} pages in {import_seconds:.1f} s", flush=True)
    # This server runs PostgreSQL with autovacuum off; production's autovacuum would soon
    # clear the dead rows django-mptt's renumbering leaves behind, and analyse the tables.
    started = time.perf_counter()
    vacuum(environment)
    vacuum_seconds = time.perf_counter() - started

    urls = {
        "guidance": shape["deep_page"],
        "home": "/",
        "news_list": "/news/",
        "offence_finder": "/offences/",
        "search": SEARCH,
    }
    facts = json.loads(
        subprocess.run(
            [PYTHON, __file__, "--facts", json.dumps(urls)],
            cwd=ROOT,
            env={
                **environment,
                "DJANGO_SETTINGS_MODULE": "portal.settings",
                "PAGE_CACHE_SECONDS": "600",
                "CACHE_DIR": str(workdir / f"facts-cache-{size}"),  # one process, its own cache
            },
            capture_output=True,
            text=True,
            check=True,
        ).stdout.splitlines()[-1]
    )
    manifest = json.loads((static_root / "staticfiles.json").read_text())
    static_url = "/static/" + manifest["paths"]["css/portal.css"]
    facts["cpu_us"] = {}
    prefix = f"bench-cpu-{secrets.token_hex(4)}"
    redis = {"REDIS_URL": options.redis_url, "CACHE_KEY_PREFIX": prefix}
    for cache_name, cache_environment in (
        ("file_cache", {"CACHE_DIR": str(workdir / f"cpu-cache-{size}")}),
        ("redis", redis),
        # Nothing cached: each page rendered around its stored parts (pagecache/stored_parts.py).
        ("no_page_cache", {**redis, "PAGE_CACHE_SECONDS": "0"}),
    ):
        facts["cpu_us"][cache_name] = json.loads(
            subprocess.run(
                [PYTHON, __file__, "--cpu", json.dumps([urls, static_url])],
                cwd=ROOT,
                env={
                    **environment,
                    "DJANGO_SETTINGS_MODULE": "portal.settings",
                    "PAGE_CACHE_SECONDS": "600",
                    **cache_environment,
                },
                capture_output=True,
                text=True,
                check=True,
            ).stdout.splitlines()[-1]
        )
        print(f"  CPU per request in-process, {cache_name}: {facts['cpu_us'][cache_name]}")

    runs = {}
    for mode, page_cache_seconds in (("uncached", "0"), ("cached", "600")):
        server_environment = {
            **environment,
            "REDIS_URL": options.redis_url,
            "CACHE_KEY_PREFIX": f"bench-{size}-{mode}-{secrets.token_hex(4)}",
            "PAGE_CACHE_SECONDS": page_cache_seconds,
        }
        server = Server(server_environment, workdir / f"gunicorn-{size}-{mode}.log")
        try:
            targets = {"static_css": static_url, **urls}
            if mode == "cached":
                # A query string skips the page cache (a page-cache miss with warm fragments):
                # the deep page and home come from their shells, the others are rendered with
                # their fragments. The search always has one: never a cached page.
                targets.pop("search")
                for kind, url in urls.items():
                    separator = "&" if "?" in url else "?"
                    targets[f"{kind}_fragments"] = f"{url}{separator}utm_source=bench"
            results = load_each_between_static(server, targets, options, mode)
            results["worker_rss_mb"] = server.worker_rss_mb()
        finally:
            server.stop()
        runs[mode] = results
    server_environment = {
        **environment,
        "REDIS_URL": options.redis_url,
        "PAGE_CACHE_SECONDS": "600",
    }
    runs["edit_under_load"] = edit_under_load(server_environment, size, options, workdir)
    runs["default_install"] = default_install(
        size, options, static_root, workdir, content_dir, urls, static_url
    )
    return {
        "size": size,
        **shape,
        "loaded_by": loaded_by,
        "import_s": None if import_seconds is None else round(import_seconds, 1),
        # Rendering every page on every core, and nothing else: the floor for import_s.
        "import_render_floor_s": round(
            shape["pages"] * facts["render_ms_per_body"] / 1000 / (os.cpu_count() or 1), 1
        ),
        "vacuum_analyze_s": round(vacuum_seconds, 1),
        "facts": facts,
        "runs": runs,
    }


def report(results):
    print("\n" + "=" * 100)
    print(f"{'pages':>6} {'mode':9} {'url':11} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} "
          f"{'÷static':>8} {'SQL':>4} {'HTML bytes':>11}")  # fmt: skip
    for result in results["sizes"]:
        for mode, run in result["runs"].items():
            if mode == "edit_under_load":
                for warming, row in run.items():
                    print(
                        f"{result['size']:>6} reads of {row['pages_read']} pages while an editor "
                        f"saves every 5 s, {warming}: {row['rps']} req/s, p50 {row['p50_ms']} ms, "
                        f"p99 {row['p99_ms']} ms ({row['saves']} saves)"
                    )
                continue
            for kind, row in run.items():
                if kind in {"worker_rss_mb", "import_s", "edit_under_load"}:
                    continue
                facts = result["facts"].get(kind, {})
                queries = facts.get("queries" if mode == "uncached" else "queries_cached", "")
                print(
                    f"{result['size']:>6} {mode:9} {kind:11} {row['rps']:>8.1f} "
                    f"{row['p50_ms']!s:>8} {row['p99_ms']!s:>8} {row['ratio_to_static']:>8.3f} "
                    f"{queries!s:>4} {facts.get('html_bytes', '')!s:>11}"
                )
            print(f"{result['size']:>6} {mode:9} worker RSS MB after load: {run['worker_rss_mb']}")
        print(f"{result['size']:>6} rendering: {result['facts']['render_ms_per_body']} ms a body "
              f"on one core; all pages on every core, nothing else: "
              f"{result['import_render_floor_s']} s")  # fmt: skip
        if "default_install" in result["runs"]:
            print(f"{result['size']:>6} default install (SQLite, no Redis): imported in "
                  f"{result['runs']['default_install']['import_s']} s")  # fmt: skip
        print(f"{result['size']:>6} loaded by {result['loaded_by']}: {result['import_s']} s "
              f"(then VACUUM ANALYZE {result['vacuum_analyze_s']} s); "
              f"fan-out {result['fan_out']}, depth {result['depth']}; "
              f"page weight {result['facts']['page_weight']}")  # fmt: skip
    sizes = {result["size"]: result for result in results["sizes"]}
    if len(sizes) > 1:
        smallest, largest = min(sizes), max(sizes)
        for mode in ("uncached", "cached"):
            large, small = (sizes[s]["runs"][mode]["guidance"]["rps"] for s in (largest, smallest))
            ratio = large / small
            results.setdefault("large_tree_ratio", {})[mode] = round(ratio, 3)
            print(f"guidance page, {mode}: {largest} pages reach {ratio:.0%} "
                  f"of the req/s with {smallest}")  # fmt: skip


def markdown_table(results):
    """The run as the Markdown table bench/README.md keeps (each figure ÷ the static file of
    the same server, as a ratio)."""
    lines = [
        "| pages | URL | uncached req/s | ÷ static | cached req/s | ÷ static "
        "| default install req/s | ÷ static | load average (uncached / cached / default) |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for result in results["sizes"]:
        runs = result["runs"]
        kinds = dict.fromkeys([*runs["uncached"], *runs["cached"]])
        for kind in kinds:
            if kind == "worker_rss_mb":
                continue
            cells, loads = [], []
            for mode in ("uncached", "cached", "default_install"):
                row = runs.get(mode, {}).get(kind)
                if row is None:
                    cells += ["–", "–"]
                    loads.append("–")
                else:
                    ratio = f"{row['ratio_to_static']:.3f}"
                    if row.get("cpu_ratio_to_static"):
                        ratio += f" (CPU {row['cpu_ratio_to_static']:.2f})"
                    cells += [f"{row['rps']:.0f}", ratio]
                    loads.append(str(row.get("load_average", "?")))
            cells.append(" / ".join(loads))
            lines.append(f"| {result['size']} | {kind} | " + " | ".join(cells) + " |")
    lines.append("")
    lines.append(
        "(CPU x: the static file's CPU time a request in the gunicorn workers, from /proc, "
        "÷ the page's: the ratio requests per second would have if the workers' CPU were "
        "all that counted, which a busy machine moves least.)"
    )
    lines.append("")
    for result in results["sizes"]:
        runs = result["runs"]
        for warming, row in runs.get("edit_under_load", {}).items():
            lines.append(
                f"- {result['size']} pages, reads of {row['pages_read']} pages while an editor "
                f"saves every 5 s, {warming.replace('_', ' ')}: p50 {row['p50_ms']} ms, p99 "
                f"{row['p99_ms']} ms, {row['rps']:.0f} req/s ({row['saves']} saves; "
                f"load average {row.get('load_average', '?')})"
            )
        for warming, row in runs.get("default_install", {}).get("edit_under_load", {}).items():
            lines.append(
                f"- {result['size']} pages, default install (SQLite, file cache), the same reads "
                f"and saves, {warming.replace('_', ' ')}: p50 {row['p50_ms']} ms, p99 "
                f"{row['p99_ms']} ms, {row['rps']:.0f} req/s ({row['saves']} saves; "
                f"load average {row.get('load_average', '?')})"
            )
        for cache_name, figures in result["facts"].get("cpu_us", {}).items():
            static = figures["static_css"]
            lines.append(
                f"- {result['size']} pages, CPU µs a request in-process ({cache_name}; ÷ the "
                "static file's): "
                + ", ".join(
                    f"{kind} {value} ({static / value:.2f})" for kind, value in figures.items()
                )
            )
        default = runs.get("default_install", {})
        lines.append(
            f"- {result['size']} pages: import_content {result['import_s']} s into PostgreSQL"
            + (f", {default['import_s']} s into SQLite" if default else "")
            + f"; worker RSS after load (MB): uncached {runs['uncached']['worker_rss_mb']}, "
            f"cached {runs['cached']['worker_rss_mb']}"
            + (f", default install {default['worker_rss_mb']}" if default else "")
        )
    return "\n".join(lines)


def add_load_options(parser):
    """The options of a run under load (this one's and bench/wagtail_bench.py's)."""
    parser.add_argument("--sizes", default="40,1000,10000")
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per URL")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument(
        "--edit-seconds",
        type=int,
        default=20,
        help="seconds of reads while an editor saves a page every 5 s (edit under load)",
    )
    parser.add_argument(
        "--ports",
        metavar="FIRST-LAST",
        help="loopback ports the servers may use (8200-8299); any free one by default",
    )


def named_settings(specs):
    """{name: {VARIABLE: value}} from NAME:VARIABLE=VALUE[,VARIABLE=VALUE...] each: the
    environment of one server or variant (interleaved.py's --env, edit_load.py's --variant).
    A piece without "=" belongs to the value before it (ALLOWED_HOSTS=a,b)."""
    settings = {}
    for spec in specs:
        name, _, assignments = spec.partition(":")
        named = settings.setdefault(name, {})
        variable = None
        for piece in assignments.split(","):
            if "=" in piece or variable is None:
                variable, _, value = piece.partition("=")
                named[variable] = value
            else:
                named[variable] += "," + piece
    return settings


def use_ports(ports):
    """The servers' ports from --ports ("FIRST-LAST"), if given."""
    global PORTS
    if ports:
        first, last = (int(port) for port in ports.split("-"))
        PORTS = range(first, last + 1)


def machine():
    return {
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_load_options(parser)
    parser.add_argument("--database", choices=["postgresql", "sqlite"], default="postgresql")
    parser.add_argument(
        "--postgres-url", default=os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES_URL)
    )
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL))
    parser.add_argument(
        "--reuse-postgres",
        action="store_true",
        help="measure the PostgreSQL database an earlier run of the same size loaded, "
        "without dropping and importing it again",
    )
    parser.add_argument("--output", default=str(ROOT / "bench" / "results" / "site.json"))
    parser.add_argument("--facts", help=argparse.SUPPRESS)
    parser.add_argument("--cpu", help=argparse.SUPPRESS)
    parser.add_argument(
        "--table", metavar="JSON", help="print the Markdown table of an earlier run's JSON"
    )
    options = parser.parse_args()
    if options.table:
        print(markdown_table(json.loads(Path(options.table).read_text())))
        return
    if options.cpu:
        sys.path.insert(0, str(ROOT))
        print(json.dumps(cpu_per_request(*json.loads(options.cpu))))
        return
    if options.facts:
        sys.path.insert(0, str(ROOT))
        print(json.dumps(page_facts(json.loads(options.facts))))
        return

    use_ports(options.ports)
    ensure_wrk()
    results = {
        "machine": machine(),
        "database": options.database,
        "duration_s": options.duration,
        "connections": options.connections,
        "targets": TARGETS,
        "sizes": [],
    }
    with tempfile.TemporaryDirectory(prefix="site-bench-") as workdir:
        workdir = Path(workdir)
        static_root = workdir / "static"
        manage(base_environment("sqlite://:memory:", static_root), "collectstatic", "--noinput")
        output = Path(options.output)
        output.parent.mkdir(parents=True, exist_ok=True)
        for size in (int(size) for size in options.sizes.split(",")):
            results["sizes"].append(run_size(size, options, static_root, workdir))
            output.write_text(json.dumps(results, indent=2) + "\n")  # kept if a later size fails
    report(results)
    output.write_text(json.dumps(results, indent=2) + "\n")
    print("\n" + markdown_table(results))
    print(f"\nwritten to {output}")


if __name__ == "__main__":
    main()
