from django.apps import AppConfig


class MotConfig(AppConfig):
    name = "mot"
    verbose_name = "Digital MOT"
