"""The digital MOT: questions on one page, a personal checklist from the answers.

Answers travel only in the form: the reader posts them, the checklist is built from the
post and sent back, and nothing is stored or logged. A POST rather than a GET keeps them
out of the address, so out of access logs, browser history and Referer headers. Both views
are exempt from the CSRF token because nothing changes on the server (a forged post could
only show someone their own checklist), so the question page sets no cookie and can be
cached like any other page.
"""

from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from .checklist import build_checklist, form_questions, questions_with_answers, read_answers


@csrf_exempt
@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
def questions(request):
    """The questions; a POST (from "Change your answers") fills in the earlier answers."""
    all_questions = questions_with_answers()
    if request.method == "GET":
        context = {"questions": form_questions(all_questions, {})}
        return render(request, "mot/questions.html", context)
    chosen, _ = read_answers(all_questions, request.POST)
    context = {"questions": form_questions(all_questions, chosen)}
    return _keep_private(render(request, "mot/questions.html", context))


@csrf_exempt
@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
def checklist(request):
    if request.method == "GET":  # a bookmark or a reload without the answers
        return redirect("mot:questions")
    all_questions = questions_with_answers()
    chosen, errors = read_answers(all_questions, request.POST)
    if errors:
        context = {"questions": form_questions(all_questions, chosen, errors), "errors": errors}
        return _keep_private(render(request, "mot/questions.html", context, status=400))
    context = {"checklist": build_checklist(all_questions, chosen), "chosen": chosen}
    return _keep_private(render(request, "mot/checklist.html", context))


def _keep_private(response):
    """A page made from someone's answers: no shared cache or search engine keeps it.

    Not "no-store": the reader's own browser may keep it, so that Back from an advice page
    shows the checklist again instead of asking to send the answers again.
    """
    patch_cache_control(response, private=True, no_cache=True, max_age=0)
    response["X-Robots-Tag"] = "noindex"
    return response
