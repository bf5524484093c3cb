"""Measuring how well the search ranks the pages that answer what readers type.

`judged.yaml` holds queries as each audience types them, with graded answers; `evaluate`
runs them through the real search and reports mean reciprocal rank and how often the best
answer comes first and in the top three.
"""

import math
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from search.models import SearchDocument
from search.searching import run_search

JUDGED_SET = Path(__file__).with_name("judged.yaml")
DEPTH = 10  # results read per query, as on the first page


@dataclass(frozen=True)
class JudgedQuery:
    text: str
    audience: str
    grades: dict  # url -> grade (3 best, 2 good, 1 related)

    @property
    def best_urls(self):
        best = max(self.grades.values())
        return {url for url, grade in self.grades.items() if grade == best}


@dataclass(frozen=True)
class QueryResult:
    judged: JudgedQuery
    urls: list  # what the search returned, best first

    @property
    def rank_of_best(self):
        """Position (1 = first) of the first best answer, or None beyond DEPTH."""
        for position, url in enumerate(self.urls, start=1):
            if url in self.judged.best_urls:
                return position
        return None

    @property
    def reciprocal_rank(self):
        rank = self.rank_of_best
        return 1 / rank if rank else 0.0

    @property
    def ndcg(self):
        gains = [self.judged.grades.get(url, 0) for url in self.urls]
        ideal = sorted(self.judged.grades.values(), reverse=True)[:DEPTH]
        return _dcg(gains) / _dcg(ideal)


def _dcg(gains):
    return sum((2**gain - 1) / math.log2(position + 2) for position, gain in enumerate(gains))


@dataclass
class Figures:
    queries: int = 0
    mean_reciprocal_rank: float = 0.0
    best_first: float = 0.0  # share of queries whose best answer is first
    best_in_top_3: float = 0.0
    mean_ndcg: float = 0.0

    @classmethod
    def of(cls, results):
        if not results:
            return cls()
        count = len(results)
        ranks = [result.rank_of_best for result in results]
        return cls(
            queries=count,
            mean_reciprocal_rank=sum(result.reciprocal_rank for result in results) / count,
            best_first=sum(rank == 1 for rank in ranks) / count,
            best_in_top_3=sum(bool(rank) and rank <= 3 for rank in ranks) / count,
            mean_ndcg=sum(result.ndcg for result in results) / count,
        )

    def __str__(self):
        return (
            f"{self.queries} queries: MRR {self.mean_reciprocal_rank:.3f}, "
            f"best first {self.best_first:.0%}, best in top 3 {self.best_in_top_3:.0%}, "
            f"nDCG@{DEPTH} {self.mean_ndcg:.3f}"
        )


@dataclass
class Evaluation:
    results: list
    unknown_urls: list = field(default_factory=list)  # judged answers the index lacks

    def figures(self, audience=None):
        return Figures.of(
            [r for r in self.results if audience is None or r.judged.audience == audience]
        )


def load_judged_set(path=JUDGED_SET):
    with open(path, encoding="utf-8") as judged_file:
        queries = yaml.safe_load(judged_file)["queries"]
    return [
        JudgedQuery(str(entry["query"]), entry["audience"], dict(entry["answers"]))
        for entry in queries
    ]


def evaluate(judged_queries=None, search=run_search):
    """Run every judged query through the search (without logging it: a measurement is
    not a reader)."""
    judged_queries = load_judged_set() if judged_queries is None else judged_queries
    results = []
    for judged in judged_queries:
        outcome = search(judged.text, per_page=DEPTH)
        urls = [result.url for result in outcome.first_results][:DEPTH]
        results.append(QueryResult(judged, urls))
    judged_urls = {url for judged in judged_queries for url in judged.grades}
    indexed = set(SearchDocument.objects.filter(url__in=judged_urls).values_list("url", flat=True))
    return Evaluation(results, sorted(judged_urls - indexed))
