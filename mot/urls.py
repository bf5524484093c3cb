from django.urls import path

from . import views

app_name = "mot"

urlpatterns = [
    path("", views.questions, name="questions"),
    path("your-checklist/", views.checklist, name="checklist"),
]
