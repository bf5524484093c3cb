"""reverse_slug: what reverse() gives, for slugs and paths of slugs, at a fraction of the cost."""

import pytest
from django.urls import reverse, set_script_prefix

from shared.reversing import reverse_slug


@pytest.mark.parametrize(
    ("viewname", "kwarg", "value"),
    [
        ("guidance:page", "path", "guidance"),
        ("guidance:page", "path", "guidance/cyber-dependent-crimes/hacking"),
        ("publications:tag", "slug", "cyber-online-crime"),
        ("publications:news-detail", "slug", "a_b-2"),
        ("offences:offence", "slug", "computer-misuse-act-1990-s1"),
    ],
)
def test_gives_what_reverse_gives(viewname, kwarg, value):
    assert reverse_slug(viewname, kwarg, value) == reverse(viewname, kwargs={kwarg: value})


@pytest.mark.parametrize("value", ["café", "a b", "a/../b", "a?b=c", "x%2F"])
def test_other_values_still_go_through_reverse(value):
    assert reverse_slug("guidance:page", "path", value) == reverse(
        "guidance:page", kwargs={"path": value}
    )


def test_follows_the_script_prefix_of_a_site_served_below_a_path():
    set_script_prefix("/portal/")
    try:
        assert reverse_slug("guidance:page", "path", "advice") == "/portal/advice/"
    finally:
        set_script_prefix("/")
