from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from guidance.tree_check import rebuild_tree, tree_problems
from guidance.tree_lock import lock_tree
from pagecache.generations import forget_all_pages


class Command(BaseCommand):
    help = "Check the guidance tree is consistent; --rebuild repairs it from the parent links."

    def add_arguments(self, parser):
        parser.add_argument(
            "--rebuild", action="store_true", help="rebuild the tree numbers and paths first"
        )

    def handle(self, *args, **options):
        if options["rebuild"]:
            with transaction.atomic():
                lock_tree()
                rebuild_tree()
            forget_all_pages()  # paths rewritten in bulk, without model signals
            self.stdout.write("Rebuilt the tree from parent links.")
        problems = tree_problems()
        if problems:
            raise CommandError(
                "The guidance tree is inconsistent:\n"
                + "\n".join(f"- {p}" for p in problems)
                + "\nRun `manage.py check_tree --rebuild` to repair it."
            )
        self.stdout.write("The guidance tree is consistent.")
