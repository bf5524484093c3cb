from django.apps import AppConfig


class StatementsConfig(AppConfig):
    name = "statements"
    verbose_name = "Statements and policies"
    # How the app plugs into the site (shared/declarations.py).
    content_files = ["statements.content_files"]
    cached_models = ["statements.Statement", "statements.StatementTranslation"]
    recoverable_models = ["statements.Statement", "statements.StatementTranslation"]
    linking_bodies = [
        ("Statement", "statements.Statement", ("slug",)),
        (
            "Welsh version of a statement",
            "statements.StatementTranslation",
            ("language", "statement__slug"),
        ),
    ]
