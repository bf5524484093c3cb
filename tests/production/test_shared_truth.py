"""Several app servers, one shared truth: two gunicorn servers on the same PostgreSQL
database and Redis cache see each other's edits at once and never corrupt the tree."""

import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.auth import get_user_model

from guidance.models import GuidancePage
from guidance.tree_check import tree_problems

from .conftest import two_app_servers
from .servers import Browser

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct horse battery staple 42"


@pytest.fixture
def two_servers(transactional_db, collected_static, tmp_path):
    with two_app_servers(collected_static, tmp_path) as servers:
        yield servers


@pytest.fixture
def tree_and_editor(make_page):
    root = make_page("Guidance", slug="guidance", sibling_order=1)
    sections = [
        make_page(f"Section {n}", parent=root, sibling_order=n, body=f"Section {n} body.")
        for n in range(1, 5)
    ]
    pages = [
        make_page(f"Page {n}", parent=sections[n % 4], sibling_order=n, body=f"Page {n} body.")
        for n in range(12)
    ]
    get_user_model().objects.create_superuser("editor", "editor@example.org", PASSWORD)
    return root, sections, pages


def conditional_get(url, etag):
    """The status a browser holding `etag` gets, and the ETag sent back."""
    request = urllib.request.Request(url, headers={"If-None-Match": etag})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers["ETag"]
    except urllib.error.HTTPError as error:
        return error.code, error.headers["ETag"]


def edit_through(server, page, **changes):
    browser = Browser()
    browser.log_in(server.url, "editor", PASSWORD)
    change_url = f"{server.url}/admin/guidance/guidancepage/{page.pk}/change/"
    fields = [
        (name, changes.get(name, value))
        for name, value in browser.form_fields(change_url, "guidancepage_form")
    ]
    fields.append(("_save", "Save"))
    status, html = browser.post(change_url, fields)
    assert status == 200 and "errornote" not in html, html[:2000]


def test_an_edit_through_one_server_is_visible_through_the_other_at_once(
    two_servers, tree_and_editor
):
    first, second = two_servers
    page = tree_and_editor[2][0]
    url = page.get_absolute_url()
    for server in two_servers:  # both servers have now rendered (and may cache) the page
        assert "Page 0 body." in Browser().get(f"{server.url}{url}")[1]
    edit_through(first, page, body_markdown="Changed through the first server.")
    assert "Changed through the first server." in Browser().get(f"{second.url}{url}")[1]
    edit_through(second, page, body_markdown="Changed again, through the second.")
    for server in two_servers:
        html = Browser().get(f"{server.url}{url}")[1]
        assert "Changed again, through the second." in html
        assert "Changed through the first server." not in html


def test_a_page_cached_on_both_servers_is_rendered_afresh_on_both_after_an_edit(
    two_servers, tree_and_editor
):
    _, sections, pages = tree_and_editor
    page, sibling = pages[0], pages[4]  # both in Section 1
    url, sibling_url = page.get_absolute_url(), sibling.get_absolute_url()
    etags = set()
    for server in two_servers:
        for address in (url, sibling_url):
            assert Browser().get(f"{server.url}{address}")[0] == 200
        with urllib.request.urlopen(f"{server.url}{url}", timeout=30) as response:
            etags.add(response.headers["ETag"])
    (etag,) = etags  # one page, one shared cache: the same entry from either server
    for server in two_servers:
        assert conditional_get(f"{server.url}{url}", etag)[0] == 304

    edit_through(
        two_servers[0], page, title="Page zero, renamed", body_markdown="Edited on the first."
    )
    for server in two_servers:
        status, new_etag = conditional_get(f"{server.url}{url}", etag)
        assert status == 200 and new_etag != etag
        html = Browser().get(f"{server.url}{url}")[1]
        assert "Edited on the first." in html and "Page 0 body." not in html
        navigation = Browser().get(f"{server.url}{sibling_url}")[1].split('class="section-nav"')[1]
        assert "Page zero, renamed" in navigation


def test_concurrent_moves_on_both_servers_keep_the_tree_consistent(two_servers, tree_and_editor):
    root, sections, pages = tree_and_editor
    browsers = []
    for server in two_servers:
        browser = Browser()
        browser.log_in(server.url, "editor", PASSWORD)
        browsers.append((server, browser))

    def move(number):
        server, browser = browsers[number % 2]
        page = pages[number % len(pages)]
        target = sections[(number * 3 + 1) % len(sections)]
        changelist = f"{server.url}/admin/guidance/guidancepage/"
        return browser.post(
            changelist,
            {
                "cmd": "move_node",
                "cut_item": page.pk,
                "pasted_on": target.pk,
                "position": "last-child" if number % 3 else "left",
                "csrfmiddlewaretoken": browser.csrf_token(),
            },
        )

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(move, range(48)))
    assert all(status == 200 for status, _ in results), results[:3]
    assert sum(body.startswith("OK") for _, body in results) >= 24
    assert tree_problems() == []
    # Every page is still served at its (possibly new) path by both servers.
    for page in GuidancePage.objects.filter(level__gt=0):
        for server in two_servers:
            status, _ = Browser().get(f"{server.url}{page.get_absolute_url()}")
            assert status == 200


def test_after_an_edit_the_server_that_saved_it_renders_the_pages_read_again(
    transactional_db, collected_static, tmp_path, tree_and_editor
):
    """Warming with Redis: after the commit, the server that saved renders again the pages
    readers read on it, and both servers serve them with the edit."""
    page = tree_and_editor[2][0]
    url, other = page.get_absolute_url(), tree_and_editor[2][1].get_absolute_url()
    with two_app_servers(collected_static, tmp_path, WEB_CONCURRENCY="1") as servers:
        for address in (url, other, url):
            assert Browser().get(f"{servers[0].url}{address}")[0] == 200
        edit_through(servers[0], page, body_markdown="Warmed through Redis.")
        warmed = servers[0].wait_for_log(r"warmed (\d+) pages")
        assert int(warmed.group(1)) == 2
        for server in servers:
            assert "Warmed through Redis." in Browser().get(f"{server.url}{url}")[1]
