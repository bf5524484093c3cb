from .snapshots import deleting_user


def remember_who_deletes(get_response):
    """Whoever is signed in when something is deleted is named in Recently deleted."""

    def middleware(request):
        if not request.path.startswith("/admin/"):  # the public never deletes (nor is asked)
            return get_response(request)
        user = getattr(request, "user", None)
        token = deleting_user.set(user if user is not None and user.is_authenticated else None)
        try:
            return get_response(request)
        finally:
            deleting_user.reset(token)

    return middleware
