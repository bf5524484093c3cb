from django.shortcuts import get_object_or_404, render

from .models import Statement


def statement_detail(request, slug):
    statement = get_object_or_404(Statement.objects.defer("body_markdown"), slug=slug)
    return render(request, "statements/statement.html", {"statement": statement})
