"""bench/import_cpu.py's arithmetic: each half-second's CPU by kind of process, and what two
idle cores would need at least. (The measurement itself runs an import: never here.)"""

import importlib.util
import sys

import pytest
from django.conf import settings

pytestmark = pytest.mark.database_independent  # pure arithmetic on numbers it is given

BENCH = settings.BASE_DIR / "bench"


@pytest.fixture
def import_cpu(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCH))  # it imports corpus, search_bench, site_bench
    spec = importlib.util.spec_from_file_location("import_cpu", BENCH / "import_cpu.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    yield module
    for name in ("corpus", "search_bench", "site_bench"):
        sys.modules.pop(name, None)


def so_far(parent, workers, postgres):
    return {"parent": parent, "workers": workers, "postgres": postgres}


def test_each_half_second_holds_what_each_kind_of_process_spent_in_it(import_cpu):
    timeline = [
        (0.0, so_far(0, 0, 0)),
        (0.25, so_far(0.2, 0, 0)),
        (0.5, so_far(0.45, 0, 0)),  # the parent alone
        (1.0, so_far(0.5, 0.9, 0.1)),  # two workers busy
        (1.2, so_far(0.6, 0.9, 0.3)),  # the end, short of half a second
    ]
    assert import_cpu.buckets(timeline) == [
        (0.0, so_far(0.45, 0, 0)),
        (0.5, so_far(0.05, 0.9, 0.1)),
        (1.0, so_far(0.1, 0.0, 0.2)),
    ]


def test_the_two_core_floor_is_never_less_than_the_longest_single_process(import_cpu):
    found = [
        (0.0, so_far(0.45, 0, 0)),  # one core only: 0.45
        (0.5, so_far(0.05, 0.9, 0.1)),  # 1.05 of work on two cores: 0.525
        (1.0, so_far(0, 0, 0.8)),  # two backends at 0.4 each: 0.4
    ]
    assert import_cpu.two_core_floor(found) == pytest.approx(0.45 + 0.525 + 0.4)
