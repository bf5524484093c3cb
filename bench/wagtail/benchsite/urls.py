from django.http import HttpResponse
from django.urls import include, path
from wagtail import urls as wagtail_urls

urlpatterns = [
    # What the bench's Server waits for before it measures (the portal answers it too).
    path("healthz", lambda request: HttpResponse("ok")),
    path("", include(wagtail_urls)),
]
