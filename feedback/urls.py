from django.urls import path

from . import views

app_name = "feedback"

urlpatterns = [
    path("", views.vote, name="vote"),
    path("what-went-wrong/", views.what_went_wrong, name="what-went-wrong"),
    path("thanks/", views.thanks, name="thanks"),
]
