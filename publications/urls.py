from django.urls import path

from . import feeds, views

app_name = "publications"

urlpatterns = [
    path("news/", views.news_list, name="news-list"),
    path("news/<slug:slug>/", views.news_detail, name="news-detail"),
    path("prosecution-guidance/", views.guidance_list, name="guidance-list"),
    path("prosecution-guidance/<slug:slug>/", views.guidance_detail, name="guidance-detail"),
    path("tags/<slug:slug>/", views.tag_detail, name="tag"),
    path("feeds/news.atom", feeds.LatestNewsFeed(), name="news-feed"),
    path("feeds/guidance-updates.atom", feeds.GuidanceUpdatesFeed(), name="guidance-feed"),
]
