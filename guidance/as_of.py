"""Any page as it stood on a date, from its revisions: for prosecutors reviewing an old
charging decision. Navigation and related panels are today's; the title, summary, body
and "Last updated" are as they were at the end of that day."""

import copy
import datetime

from django.shortcuts import render
from django.utils import timezone
from reversion.models import Version

from .rendering import render_markdown
from .visibility import is_published

DATE_FORMAT = "%Y-%m-%d"
MAX_DATE_LENGTH = 10


class BadDate(ValueError):
    pass


def parse_day(value):
    """A calendar day from YYYY-MM-DD, no later than today; BadDate says what is wrong."""
    try:
        day = datetime.datetime.strptime(value[: MAX_DATE_LENGTH + 1], DATE_FORMAT).date()
    except ValueError:
        raise BadDate("Write the date as year-month-day, for example 2025-03-03.") from None
    if day > timezone.localdate():
        raise BadDate("That date is in the future: choose today or an earlier day.")
    return day


def end_of_day(day):
    next_day = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
    return timezone.make_aware(next_day)


def version_at(page, moment):
    """The page's latest revision saved before `moment`, or None."""
    return (
        Version.objects.get_for_object(page)
        .select_related("revision")
        .filter(revision__date_created__lt=moment)
        .order_by("-revision__date_created", "-pk")
        .first()
    )


def page_as_it_stood(page, version):
    """A copy of the page carrying the revision's words, for the page template."""
    fields = version.field_dict
    historic = copy.copy(page)
    historic.title = fields.get("title") or page.title
    historic.summary = fields.get("summary", "")
    historic.public_updates = fields.get("public_updates") or []
    historic.updated_at = version.revision.date_created
    # "Last updated" and "Last reviewed" are the content's own dates, as the revision held them.
    historic.updated_on = fields.get("updated_on")
    historic.reviewed_on = fields.get("reviewed_on")
    historic.body_html = fields.get("body_html", "")
    historic.headings = fields.get("headings") or []
    if not historic.body_html and fields.get("body_markdown"):
        # A revision from before renderings were kept with it: rendered here, once per
        # such request (rare; never cached).
        rendered = render_markdown(fields["body_markdown"])
        historic.body_html = rendered.html
        historic.headings = [
            {"level": h.level, "text": h.text, "anchor": h.anchor} for h in rendered.headings
        ]
    return historic


def was_public(fields, moment):
    """Whether the page itself was public before `moment` (the start of the next day)."""
    before = moment - datetime.timedelta(microseconds=1)
    return is_published(fields.get("status"), fields.get("publish_at"), before)


def as_of_response(request, page, nav, value):
    """The page on the day asked for, or why it cannot be shown; never cached, noindex."""
    try:
        day = parse_day(value)
    except BadDate as problem:
        response = render(
            request, "guidance/as_of_problem.html", {"page": page, "problem": problem}, status=400
        )
    else:
        moment = end_of_day(day)
        version = version_at(page, moment)
        if version is None or not was_public(version.field_dict, moment):
            problem = (
                f"This page was not published on {day:%-d %B %Y}."
                if version
                else f"This page did not exist on {day:%-d %B %Y}."
            )
            response = render(
                request, "guidance/as_of_problem.html", {"page": page, "problem": problem}
            )
        else:
            response = render(
                request,
                "guidance/page.html",
                {"page": page_as_it_stood(page, version), "nav": nav, "as_of": day},
            )
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "private, no-cache"
    return response
