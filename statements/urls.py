from django.urls import path

from . import views

app_name = "statements"

urlpatterns = [
    path("<slug:slug>/", views.statement_detail, name="detail"),
]
