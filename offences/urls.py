from django.urls import path

from . import views

app_name = "offences"

urlpatterns = [
    path("offences/", views.offence_finder, name="finder"),
    path("offences/<slug:slug>/", views.offence_detail, name="offence"),
    path("glossary/", views.glossary, name="glossary"),
]
