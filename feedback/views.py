"""Is this page useful? Yes or No on every page, and on No an optional "what went wrong".

The Yes/No form sits on every page, and pages are cached whole for anonymous readers. A
Django CSRF token in it would give each reader a cookie and make every page vary by
cookie, so uncacheable. So the vote view is exempt from the token and checks instead that
the post comes from one of our own pages (Fetch Metadata `Sec-Fetch-Site`, else `Origin`:
see same_origin.py), catches bots with a honeypot field, and limits posts per address
through the shared cache. The "what went wrong" form is only on a page that no shared
cache keeps, so it carries an ordinary CSRF token.
"""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import urlencode
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .forms import CommentForm, VoteForm, is_page_path, read_comment_ticket, sign_comment_ticket
from .models import Feedback
from .rate_limit import allow_post
from .same_origin import is_same_origin


def _noindex(response):
    """Kept out of search engines and shared caches. Not "no-store": the reader's browser
    may keep the page, so that Back shows it again instead of offering to post again."""
    patch_cache_control(response, private=True, no_cache=True, max_age=0)
    response["X-Robots-Tag"] = "noindex"
    return response


def _refuse_other_sites(request):
    return _noindex(render(request, "feedback/other_site.html", status=403))


def _too_many(request):
    seconds = settings.FEEDBACK_RATE_LIMIT_SECONDS
    context = {"wait_minutes": max(1, -(-seconds // 60))}
    response = render(request, "feedback/too_many.html", context, status=429)
    response["Retry-After"] = str(seconds)
    return _noindex(response)


def _see_other(url):
    """303: the browser follows with a GET, so back and reload never post again."""
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


def _thanks(page_path):
    return _noindex(_see_other(f"{reverse('feedback:thanks')}?{urlencode({'page': page_path})}"))


@csrf_exempt
@require_POST
def vote(request):
    if not is_same_origin(request):
        return _refuse_other_sites(request)
    if not allow_post(request):
        return _too_many(request)
    form = VoteForm(request.POST)
    if not form.is_valid():
        return _noindex(render(request, "feedback/vote_problem.html", {"form": form}, status=400))
    page_path = form.cleaned_data["page"]
    if form.caught_in_honeypot():
        return _thanks(page_path)  # a bot learns nothing; nothing is stored
    feedback = Feedback.objects.create(
        page_path=page_path, useful=form.cleaned_data["useful"] == "yes"
    )
    if feedback.useful:
        return _thanks(page_path)
    ticket = urlencode({"ticket": sign_comment_ticket(feedback)})
    return _noindex(_see_other(f"{reverse('feedback:what-went-wrong')}?{ticket}"))


@require_http_methods(["GET", "POST"])
def what_went_wrong(request):
    if request.method == "GET":
        ticket = read_comment_ticket(request.GET.get("ticket", ""))
        form = CommentForm(initial={"ticket": request.GET.get("ticket", "")})
        context = {"form": form, "ticket": ticket}
        return _noindex(render(request, "feedback/what_went_wrong.html", context))
    if not allow_post(request):
        return _too_many(request)
    form = CommentForm(request.POST)
    if not form.is_valid():
        ticket = read_comment_ticket(request.POST.get("ticket", ""))
        context = {"form": form, "ticket": ticket}
        return _noindex(render(request, "feedback/what_went_wrong.html", context, status=400))
    ticket = form.cleaned_data["ticket"]
    if not form.caught_in_honeypot():
        # Only the first comment counts: a ticket cannot overwrite what it already said.
        Feedback.objects.filter(pk=ticket["id"], useful=False, comment="").update(
            comment=form.cleaned_data["comment"]
        )
    return _thanks(ticket["page"])


@require_GET
def thanks(request):
    page_path = request.GET.get("page", "")
    context = {"page_path": page_path if is_page_path(page_path) else None}
    return _noindex(render(request, "feedback/thanks.html", context))
