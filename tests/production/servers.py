"""Real app servers for tests: gunicorn processes on loopback ports sharing one database."""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

from django.conf import settings


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class AppServer:
    """One gunicorn server, started with the production server settings of the repo."""

    def __init__(self, environment, log_dir):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(Path(log_dir) / f"gunicorn-{self.port}.log", "w")  # noqa: SIM115
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.process = subprocess.Popen(
            [str(gunicorn), "-c", "gunicorn.conf.py", "portal.wsgi"],
            cwd=settings.BASE_DIR,
            env={**environment, "HOST": "127.0.0.1", "PORT": str(self.port)},
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def wait_until_healthy(self, timeout=120):
        """A crash fails at once; the long timeout is for a busy machine, where starting two
        workers (imports, migrations checked, static manifest read) has taken over 30 s."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn on {self.port} exited: see {self.log.name}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.2)
        raise TimeoutError(f"gunicorn on {self.port} never became healthy")

    def wait_for_log(self, pattern, timeout=60):
        """The first match of a regular expression in the server's log, waiting for it."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.log.flush()
            match = re.search(pattern, Path(self.log.name).read_text())
            if match:
                return match
            time.sleep(0.2)
        raise TimeoutError(f"{pattern!r} never appeared in {self.log.name}")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def server_environment(database_url, redis_url, static_root, cache_prefix):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update(
        {
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "CACHE_KEY_PREFIX": cache_prefix,
            "STATIC_ROOT": str(static_root),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SITE_URL": "http://127.0.0.1",  # one site, whichever port a request reached
            "DEBUG": "0",
            "WEB_CONCURRENCY": "2",
            "GUNICORN_ACCESS_LOG": "0",
            "SECRET_KEY": settings.SECRET_KEY,
        }
    )
    return environment


class FormFields(HTMLParser):
    """The values a browser would submit for one form of a page."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.fields = []
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self.inside = attributes.get("id") == self.form_id
        if not self.inside or "name" not in attributes and tag != "option":
            return
        if tag == "input":
            kind = attributes.get("type", "text")
            if kind in {"checkbox", "radio"} and "checked" not in attributes:
                return
            if kind in {"submit", "button", "file", "image", "reset"}:
                return
            default = "on" if kind in {"checkbox", "radio"} else ""  # as a browser sends
            self.fields.append((attributes["name"], attributes.get("value", default)))
        elif tag == "textarea":
            self._textarea = [attributes["name"], ""]
        elif tag == "select":
            self._select = attributes["name"]
        elif tag == "option" and self._select and "selected" in attributes:
            self.fields.append((self._select, attributes.get("value", "")))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            name, value = self._textarea
            self.fields.append((name, value.removeprefix("\n")))
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self.inside = False


class Browser:
    """A cookie-keeping HTTP client, enough to use the admin like a person."""

    def __init__(self):
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def get(self, url):
        with self.opener.open(url, timeout=30) as response:
            return response.status, response.read().decode()

    def post(self, url, fields, referer=None):
        data = urllib.parse.urlencode(fields).encode()
        request = urllib.request.Request(url, data=data, headers={"Referer": referer or url})
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def csrf_token(self):
        return next(cookie.value for cookie in self.cookies if cookie.name == "csrftoken")

    def form_fields(self, url, form_id):
        status, html = self.get(url)
        assert status == 200, url
        parser = FormFields(form_id)
        parser.feed(html)
        return parser.fields

    def log_in(self, server_url, username, password):
        fields = dict(self.form_fields(f"{server_url}/admin/login/", "login-form"))
        fields.update({"username": username, "password": password, "next": "/admin/"})
        status, html = self.post(f"{server_url}/admin/login/?next=/admin/", fields)
        assert status == 200 and "Log out" in html, "admin login failed"
