from django.http import HttpResponseBadRequest


class RejectNulBytesMiddleware:
    """Answer 400 to a request whose path, query string or cookies hold a NUL byte.

    No page of the portal can need one, and PostgreSQL refuses them in any query, which
    would otherwise surface as a server error wherever the value reached the database.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        raw_query = request.META.get("QUERY_STRING", "")
        suspects = [request.path, *request.GET.values(), *request.COOKIES.values()]
        if "%00" in raw_query or any("\x00" in value for value in suspects):
            return HttpResponseBadRequest(
                "That address contains a character no page of this site uses.",
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)
