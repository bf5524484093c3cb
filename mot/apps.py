from django.apps import AppConfig


class MotConfig(AppConfig):
    name = "mot"
    verbose_name = "Digital MOT"
    # How the app plugs into the site (shared/declarations.py).
    content_files = ["mot.content_files"]
    cached_models = ["mot.Question", "mot.Answer", "mot.QuestionTranslation"]
    recoverable_models = ["mot.Question"]
