"""The page tree: indented by class (the CSP forbids inline styles), with status, child
counts, "Add child page", and a keyboard-accessible Move recorded in the page's history."""

import pytest
from django.urls import reverse
from reversion.models import Version

from guidance.models import GuidancePage

pytestmark = pytest.mark.django_db


def changelist(client):
    return client.get(reverse("admin:guidance_guidancepage_changelist")).content.decode()


def test_each_row_carries_its_depth_as_a_class_and_no_inline_style(editor_client, small_tree):
    html = changelist(editor_client)
    assert 'class="page-tree__title tree-level-0" data-level="0">Guidance<' in html
    assert 'class="page-tree__title tree-level-2" data-level="2">Hacking<' in html
    assert "style=" not in html


def test_the_list_shows_child_counts_and_links_to_add_a_child(editor_client, small_tree):
    html = changelist(editor_client)
    add = reverse("admin:guidance_guidancepage_add")
    assert f'href="{add}?parent={small_tree["dependent"].pk}"' in html
    assert '<td class="field-child_count">2</td>' in html  # the root's two sections


def test_add_child_page_starts_the_form_under_that_parent(editor_client, small_tree):
    add = reverse("admin:guidance_guidancepage_add")
    html = editor_client.get(add, {"parent": small_tree["dependent"].pk}).content.decode()
    assert f'<option value="{small_tree["dependent"].pk}" selected>' in html


def test_moving_a_page_asks_parent_then_position_then_confirms_and_records_it(
    editor_client, small_tree
):
    hacking, introduction = small_tree["hacking"], small_tree["introduction"]
    url = reverse("admin:guidance_guidancepage_move", args=[hacking.pk])

    step_one = editor_client.get(url).content.decode()
    assert "choose the new parent" in step_one
    step_two = editor_client.get(url, {"parent": introduction.pk}).content.decode()
    assert "where in “Introduction”" in step_two
    confirm = editor_client.get(url, {"parent": introduction.pk, "position": "first"})
    assert "Move “Hacking” into “Introduction”, first?" in confirm.content.decode()
    assert GuidancePage.objects.get(pk=hacking.pk).parent_id != introduction.pk  # not yet

    response = editor_client.post(url, {"parent": introduction.pk, "position": "first"})

    assert response.status_code == 302
    hacking.refresh_from_db()
    assert hacking.path == "guidance/introduction/hacking"
    comments = [v.revision.get_comment() for v in Version.objects.get_for_object(hacking)]
    assert comments[-1].startswith("Moved into “Introduction”, first")


def test_a_page_can_be_placed_after_a_chosen_sibling(editor_client, small_tree):
    introduction, dependent = small_tree["introduction"], small_tree["dependent"]
    url = reverse("admin:guidance_guidancepage_move", args=[introduction.pk])
    editor_client.post(url, {"parent": small_tree["root"].pk, "position": f"after-{dependent.pk}"})
    children = list(small_tree["root"].get_children().values_list("title", flat=True))
    assert children == ["Cyber-dependent crimes", "Introduction"]


def test_a_page_cannot_be_moved_into_itself_or_next_to_a_same_address(
    editor_client, small_tree, make_page
):
    root, dependent = small_tree["root"], small_tree["dependent"]
    url = reverse("admin:guidance_guidancepage_move", args=[root.pk])
    step_one = editor_client.get(url).content.decode()
    assert f'value="{dependent.pk}"' not in step_one  # its own descendants are not offered
    make_page("Hacking", parent=small_tree["introduction"])
    hacking_url = reverse("admin:guidance_guidancepage_move", args=[small_tree["hacking"].pk])
    response = editor_client.post(
        hacking_url, {"parent": small_tree["introduction"].pk, "position": "first"}
    )
    assert response.status_code == 200
    assert "is already there" in response.content.decode()


@pytest.mark.parametrize("bad", ["x", "99999", "-1", "after-x", "\x00"])
def test_nonsense_in_the_move_form_is_never_an_error(editor_client, small_tree, bad):
    url = reverse("admin:guidance_guidancepage_move", args=[small_tree["hacking"].pk])
    assert editor_client.get(url, {"parent": bad, "position": bad}).status_code == 200
    assert editor_client.post(url, {"parent": bad, "position": bad}).status_code == 200


def test_a_drag_and_drop_move_is_recorded_in_the_history(editor_client, small_tree):
    hacking = small_tree["hacking"]
    editor_client.post(
        reverse("admin:guidance_guidancepage_changelist"),
        {
            "cmd": "move_node",
            "position": "last-child",
            "cut_item": hacking.pk,
            "pasted_on": small_tree["introduction"].pk,
        },
    )
    comments = [v.revision.get_comment() for v in Version.objects.get_for_object(hacking)]
    assert comments == ["Moved into “Introduction”, first (drag and drop)."]


def test_the_parent_chooser_is_djangos_select_written_in_one_pass(editor_client, small_tree):
    """The same HTML as Django's select and option templates, for every page of the tree."""
    from django import forms

    from guidance.editing import GuidancePageForm, ParentSelect

    hacking = small_tree["hacking"]
    field = GuidancePageForm(instance=hacking).fields["parent"]
    attrs = {"id": "id_parent", "required": False, "data-tree": True}
    ours = field.widget.render("parent", hacking.parent_id, attrs)
    assert ours == forms.Select(choices=field.choices).render("parent", hacking.parent_id, attrs)
    assert f'<option value="{hacking.parent_id}" selected>' in ours
    assert ours.count("<option") == GuidancePage.objects.count() + 1  # and "---------"
    grouped = [("", "---"), ("Group <b>", [("1", "a & b"), ("2", "c")])]
    assert ParentSelect(choices=grouped).render("x", "2") == forms.Select(choices=grouped).render(
        "x", "2"
    )


def test_the_change_form_lists_the_pages_without_their_bodies(editor_client, small_tree):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("admin:guidance_guidancepage_change", args=[small_tree["hacking"].pk])
    with CaptureQueriesContext(connection) as queries:
        response = editor_client.get(url)
    assert response.status_code == 200
    every_page = [  # on PostgreSQL, read through a cursor (DECLARE … FOR SELECT …)
        query["sql"]
        for query in queries.captured_queries
        if 'FROM "guidance_guidancepage" ORDER BY' in query["sql"]
    ]
    assert len(every_page) == 1  # the parent chooser's
    assert '"title"' in every_page[0]
    assert '"body_html"' not in every_page[0] and '"body_markdown"' not in every_page[0]


def test_the_page_list_shows_two_hundred_pages_at_a_time(editor_client, small_tree):
    """Not django-mptt's 2 000: with 10 000 pages, seconds of CPU each time a save lands
    on the list (bench/README.md)."""
    response = editor_client.get(reverse("admin:guidance_guidancepage_changelist"))
    assert response.context["cl"].list_per_page == 200


def test_the_page_list_counts_children_in_the_same_queries_whatever_the_trees_size(
    editor_client, small_tree, make_page
):
    """Children are counted for the pages shown, in one query of their own, not for every
    page of the tree before the list is cut to 200 (bench/README.md)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def page_list():
        with CaptureQueriesContext(connection) as queries:
            html = changelist(editor_client)
        return html, len(queries.captured_queries)

    _, queries_for_four_pages = page_list()
    for number in range(12):
        section = make_page(f"Section {number}", parent=small_tree["root"], sibling_order=3)
        make_page(f"Leaf {number}", parent=section, sibling_order=1)
    html, queries_for_twenty_eight = page_list()
    assert queries_for_twenty_eight == queries_for_four_pages
    assert '<td class="field-child_count">14</td>' in html  # the root's 2 + 12 sections
    assert html.count('<td class="field-child_count">1</td>') == 13  # each section's leaf


@pytest.mark.django_db(transaction=True)
def test_opening_a_pages_form_takes_no_write_lock_and_writes_nothing(editor_client, small_tree):
    """On SQLite every transaction that writes takes the database's one write lock when it
    begins; the form's only reads, so it takes none (a write there would fail: read-only)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("admin:guidance_guidancepage_change", args=[small_tree["hacking"].pk])
    with CaptureQueriesContext(connection) as queries:
        response = editor_client.get(url)
    assert response.status_code == 200
    begun = [query["sql"] for query in queries.captured_queries if query["sql"].startswith("BEGIN")]
    if connection.vendor == "sqlite":
        assert begun and all(sql == "BEGIN" for sql in begun)
