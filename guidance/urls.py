from django.urls import path

from . import views

app_name = "guidance"

urlpatterns = [
    path("", views.home, name="home"),
    path("one-page/<slug:section>/", views.whole_guide_page, name="whole-guide"),
    # Last: a page's URL is its path of slugs, e.g. /guidance/cyber-dependent-crimes/hacking/
    path("<path:path>/", views.page_detail, name="page"),
]
