from django.conf import settings
from django.core.exceptions import DisallowedHost

from .addresses import absolute_url


def feedback_email(request):
    """The address the feedback pages and the accessibility statement give. The layout's
    parts (the display settings, the beta banner, the footer) are given what they show by
    {% constant_part %} (templatetags/page_head.py), not by the request's context."""
    return {"feedback_email": settings.FEEDBACK_EMAIL}


def page_address(request):
    """The page's canonical address: this site's address and the path, never the query
    string. A host we do not serve (a 400 page) gets the path alone."""
    try:
        return {"page_url": absolute_url(request, request.path)}
    except DisallowedHost:
        return {"page_url": request.path}
