from django.http import HttpResponseBadRequest


class RejectNulBytesMiddleware:
    """Answer 400 to a request whose path or cookies hold a NUL byte.

    No page address or cookie of the portal can need one, and PostgreSQL refuses them in
    any query, which would otherwise surface as a server error wherever the value reached
    the database. Query strings are left to the views: a search for text with a NUL in it
    is cleaned and answered, not refused.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        suspects = [request.path, *request.COOKIES.values()]
        if any("\x00" in value for value in suspects):
            return HttpResponseBadRequest(
                "That address contains a character no page of this site uses.",
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)
