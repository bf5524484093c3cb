"""The admin as editors and approvers use it, in Chromium: the tree is indented under the
CSP, no admin page either role opens logs a Content-Security-Policy violation, and the main
editing pages (list, change form, history, compare, preview, move, approval) pass axe."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.urls import reverse

from guidance.models import ChangeRequest
from publications.models import NewsItem
from statements.models import Statement

from .test_accessibility import WCAG_TAGS, axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long and careful passphrase"
AXE = Axe()


@pytest.fixture(params=["Editors", "Approvers"])
def editor_session(request, live_server, browser, small_tree, settings):
    """Signed in as a member of one group: each test runs as an editor and as an approver."""
    settings.APPROVAL_SECTIONS = ["guidance"]
    call_command("create_editor_group", stdout=open("/dev/null", "w"))  # noqa: SIM115
    user = User.objects.create_user("editor", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=request.param))
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.on("pageerror", lambda error: console.append(str(error)))
    page.goto(f"{live_server.url}/admin/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/admin/")
    yield page, console
    context.close()


def editor_pages(tree):
    """Every admin page an editor or an approver opens in a day's work, with a saved
    revision to compare and a change (new wording and a move) waiting for approval."""
    from reversion import create_revision, set_comment

    hacking = tree["hacking"]
    with create_revision():
        hacking.body_markdown = "A first text."
        hacking.save()
        set_comment("First.")
    with create_revision():
        hacking.body_markdown = "A second text."
        hacking.save()
        set_comment("Second.")
    news = NewsItem.objects.create(
        title="Arrests", slug="arrests", summary="S", published_on="2026-01-01"
    )
    from reversion.models import Version

    versions = list(Version.objects.get_for_object(hacking).order_by("pk"))
    ChangeRequest.objects.create(
        page=hacking,
        title=hacking.title,
        body_markdown="A proposed text.",
        note="Clearer wording.",
        move_position="first",
        move_into=tree["root"],
    )
    statement = Statement.objects.create(slug="licence", title="Licence", body_markdown="Text.")
    return {
        "home": reverse("admin:index"),
        "page list": reverse("admin:guidance_guidancepage_changelist"),
        "change form": reverse("admin:guidance_guidancepage_change", args=[hacking.pk]),
        "add form": reverse("admin:guidance_guidancepage_add"),
        "history": reverse("admin:guidance_guidancepage_revisions", args=[hacking.pk]),
        "compare": reverse("admin:guidance_guidancepage_compare", args=[hacking.pk])
        + f"?from={versions[0].pk}&to={versions[1].pk}",
        "restore": reverse(
            "admin:guidance_guidancepage_restore", args=[hacking.pk, versions[0].pk]
        ),
        "preview": reverse("admin:guidance_guidancepage_preview", args=[hacking.pk]),
        "review": reverse("admin:guidance_guidancepage_review"),
        "move": reverse("admin:guidance_guidancepage_move", args=[hacking.pk])
        + f"?parent={tree['introduction'].pk}",
        "approval": reverse("admin:guidance_guidancepage_approval", args=[hacking.pk]),
        "delete": reverse("admin:guidance_guidancepage_delete", args=[hacking.pk]),
        "news list": reverse("admin:publications_newsitem_changelist"),
        "news form": reverse("admin:publications_newsitem_change", args=[news.pk]),
        "offences": reverse("admin:offences_offence_changelist"),
        "glossary": reverse("admin:offences_glossaryterm_changelist"),
        "feedback": reverse("admin:feedback_feedback_changelist"),
        "recently deleted": reverse("admin:recovery_deleteditem_changelist"),
        "refused imports": reverse("admin:provenance_refusedimport_changelist"),
        "refused edits": reverse("admin:guidance_refusededit_changelist"),
        "statement form": reverse("admin:statements_statement_change", args=[statement.pk]),
    }


AXE_CHECKED = (
    "page list", "change form", "history", "compare", "preview", "move", "home", "approval",
    "delete", "restore", "review",
)  # fmt: skip


def test_the_tree_is_indented_under_the_csp(editor_session, live_server, small_tree):
    page, console = editor_session
    page.goto(f"{live_server.url}/admin/guidance/guidancepage/")
    page.get_by_role("link", name="Expand tree").click()
    root = page.locator(".page-tree__title", has_text="Guidance").first
    hacking = page.locator(".page-tree__title", has_text="Hacking")
    hacking.wait_for()
    indent = "element => getComputedStyle(element).paddingLeft"
    assert root.evaluate(indent) == "0px"
    assert float(hacking.evaluate(indent).removesuffix("px")) > 30
    text_start = (
        "e => { const r = document.createRange(); r.selectNodeContents(e);"
        " return r.getClientRects()[0].left; }"
    )
    assert hacking.evaluate(text_start) > root.evaluate(text_start) + 30  # visibly further in
    assert not [m for m in console if "Content Security Policy" in m]


def test_no_admin_page_an_editor_or_approver_uses_breaks_the_csp_and_the_main_ones_pass_axe(
    request, editor_session, live_server, small_tree
):
    page, console = editor_session
    approver = request.node.callspec.params["editor_session"] == "Approvers"
    failures = []
    for name, url in editor_pages(small_tree).items():
        console.clear()
        response = page.goto(f"{live_server.url}{url}")
        assert response.status == 200, f"{name}: {response.status}"
        # Loaded (goto waits for the load event), and then the one request a page makes of
        # itself: the page forms' live preview, filled in from the server. Waiting for the
        # network to go quiet instead ("networkidle") ran out of its 30 s at load above 20.
        if page.locator("#live-preview").count():
            page.locator("#live-preview:not([hidden])").wait_for(state="attached")
        if name == "approval":  # each role sees its own approval page
            decision = page.get_by_role("button", name="Approve and publish")
            assert decision.count() == (1 if approver else 0)
        failures.extend(
            f"{name}: {message}" for message in console if "Content Security Policy" in message
        )
        if name in AXE_CHECKED:
            page.evaluate(AXE.axe_script)
            options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}}
            failures.extend(f"{name} axe: {v}" for v in axe_violations(page, options))
    assert not failures, "\n".join(failures)
