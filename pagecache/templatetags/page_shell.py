"""{% per_request "name" %}: a part of a page that depends on the request (pagecache/
per_request.py says which): its HTML for this request, or, while a view keeps its page's
shell (pagecache/shells.py), the marker of a hole filled for each request.

Never inside a {% stored_part %}, which is the same for every reader: refused there."""

from django import template
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

from pagecache.shells import SHELL, fill_hole

from .stored_parts import INSIDE_STORED_PART

register = template.Library()


@register.simple_tag(takes_context=True)
def per_request(context, name):
    if context.get(INSIDE_STORED_PART):
        raise ImproperlyConfigured(f"{{% per_request {name!r} %}} inside a stored part")
    # A page rendered without a request (none here today) gets the default settings.
    request = context.get("request") or HttpRequest()
    slot = getattr(request, SHELL, None)
    if slot is not None and slot.marker is not None:
        return slot.hole(name)
    return fill_hole(name, request)
