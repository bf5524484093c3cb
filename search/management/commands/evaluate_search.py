from django.core.management.base import BaseCommand

from search.relevance import evaluate


class Command(BaseCommand):
    help = (
        "Run the judged queries (search/relevance/judged.yaml) through the search and print "
        "where each one's best answer comes, and the figures per audience."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--misses", action="store_true", help="list only queries whose best answer is not first"
        )

    def handle(self, *args, misses=False, **options):
        evaluation = evaluate()
        for result in evaluation.results:
            rank = result.rank_of_best
            if misses and rank == 1:
                continue
            self.stdout.write(f"{rank or '-':>2}  {result.judged.text}")
            if rank != 1:
                for position, url in enumerate(result.urls[:3], start=1):
                    grade = result.judged.grades.get(url, 0)
                    self.stdout.write(f"      {position}. [{grade}] {url}")
        for url in evaluation.unknown_urls:
            self.stdout.write(self.style.WARNING(f"judged answer not in the index: {url}"))
        for audience in ("public", "prosecutor", None):
            self.stdout.write(f"{audience or 'all'}: {evaluation.figures(audience)}")
