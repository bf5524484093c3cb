"""Page feedback and the digital MOT on two real gunicorn servers sharing PostgreSQL and Redis:
the feedback rate limit holds across servers, and the access log never holds MOT answers."""

import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from feedback.models import Feedback

from .conftest import two_app_servers

pytestmark = pytest.mark.django_db(transaction=True)

FEEDBACK_LIMIT = 3


@pytest.fixture
def two_logging_servers(transactional_db, shipped_content, collected_static, tmp_path):
    with two_app_servers(
        collected_static,
        tmp_path,
        GUNICORN_ACCESS_LOG="1",
        FEEDBACK_RATE_LIMIT_POSTS=str(FEEDBACK_LIMIT),
        WEB_CONCURRENCY="1",
    ) as servers:
        yield servers


def post(url, fields, headers=None):
    data = urllib.parse.urlencode(fields).encode()
    request = urllib.request.Request(url, data=data, headers=headers or {}, method="POST")
    opener = urllib.request.build_opener(NoRedirects)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def read_log_when_it_has(server, line, timeout=10):
    """gunicorn writes the access log line just after the response: wait for it."""
    deadline = time.monotonic() + timeout
    while True:
        log = Path(server.log.name).read_text(encoding="utf-8")
        if line in log or time.monotonic() > deadline:
            assert line in log
            return log
        time.sleep(0.1)


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_the_feedback_rate_limit_counts_posts_to_every_server(two_logging_servers):
    first, second = two_logging_servers
    vote = {"page": "/advice/", "useful": "yes"}
    statuses = [
        post(f"{server.url}/feedback/", vote, {"Origin": server.url})[0]
        for server in [first, second, first, second]
    ]
    assert statuses == [303, 303, 303, 429]
    assert Feedback.objects.count() == FEEDBACK_LIMIT


def test_a_vote_from_another_origin_is_refused_by_a_real_server(two_logging_servers):
    first, _ = two_logging_servers
    vote = {"page": "/advice/", "useful": "yes"}
    status, html = post(f"{first.url}/feedback/", vote, {"Origin": "https://evil.example"})
    assert status == 403
    assert "We could not accept this feedback" in html
    assert not Feedback.objects.exists()


def test_mot_answers_never_reach_the_access_log(two_logging_servers):
    first, _ = two_logging_servers
    answers = {"email-password": "not-sure", "children": "no-children", "sharing": "sometimes"}
    status, html = post(f"{first.url}/digital-mot/your-checklist/", answers)
    assert status == 200
    assert "Your digital MOT checklist" in html
    log = read_log_when_it_has(first, '"POST /digital-mot/your-checklist/ HTTP/1.1" 200')
    for name, value in answers.items():
        assert name not in log and value not in log


def test_what_a_reader_searches_for_never_reaches_the_access_log(two_logging_servers):
    first, _ = two_logging_servers
    request = urllib.request.Request(
        f"{first.url}/search/?q=sextortion+blackmail", headers={"Referer": f"{first.url}/?x=1"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 200
    log = read_log_when_it_has(first, '"GET /search/ HTTP/1.1" 200')
    assert "sextortion" not in log and "blackmail" not in log


def test_the_access_log_never_ties_a_feedback_post_to_an_address(two_logging_servers):
    first, _ = two_logging_servers
    with urllib.request.urlopen(f"{first.url}/advice/", timeout=30) as response:
        assert response.status == 200
    vote = {"page": "/advice/", "useful": "no"}
    status, _ = post(f"{first.url}/feedback/", vote, {"Origin": first.url})
    assert status == 303
    log = read_log_when_it_has(first, '"POST /feedback/ HTTP/1.1" 303')
    feedback_lines = [line for line in log.splitlines() if " /feedback/" in line]
    page_lines = [line for line in log.splitlines() if '"GET /advice/ ' in line]
    assert feedback_lines and all(line.startswith("- ") for line in feedback_lines)
    assert "127.0.0.1" not in "\n".join(feedback_lines)
    # Other requests keep the address, for security and running the service.
    assert page_lines and all(line.startswith("127.0.0.1 ") for line in page_lines)
