"""What of a public page depends on the request rather than on its address, language and
content: decided here and nowhere else.

A reader's display settings (text size and contrast, from two validated cookies) change
the `<html>` classes and the display-settings links, and the address those links return
to is the request's own, query string included. Nothing else of a public page does: the
CSRF token and the CSP nonce are on no public page (a response carrying either is never
stored: policy.may_store), and the host is in every key.

The page cache keeps one page per `reader_settings` (it never answers a query string);
a page's shell (shells.py) has a hole for each of `HOLES`, filled for each request.
"""

from django.template.defaultfilters import urlencode

from display.preferences import read_preferences
from display.templatetags.page_head import current_environment, render_constant_part


def reader_settings(request):
    """The reader's display settings; a forged or unknown cookie value gets the default."""
    return read_preferences(request.COOKIES)


def display_classes(request):
    return reader_settings(request).html_classes


def display_settings(request):
    """The display-settings links, each returning to this very address."""
    return render_constant_part(
        "includes/display_settings.html",
        current_environment(),
        display=reader_settings(request),
        next=urlencode(request.get_full_path()),
    )


# Each hole's HTML for a request (escaped: it goes into the page as it is), in the language
# of the page being rendered.
HOLES = {
    "display_classes": display_classes,
    "display_settings": display_settings,
}
