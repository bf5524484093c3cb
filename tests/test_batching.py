"""Batch: requests made inside the outermost block are handled once, at its end."""

import pytest

from shared.batching import Batch


@pytest.fixture
def handled():
    return []


@pytest.fixture
def batch(handled):
    return Batch(handled.append)


def test_outside_a_block_each_request_is_handled_at_once(batch, handled):
    batch.request("a")
    batch.request("b", "c")
    assert handled == [{"a"}, {"b", "c"}]


def test_inside_nested_blocks_requests_are_handled_once_at_the_outermost_end(batch, handled):
    with batch.open():
        batch.request("a", "b")
        with batch.open():
            batch.request("b", "c")
        assert handled == []
    assert handled == [{"a", "b", "c"}]


def test_a_block_that_fails_handles_nothing(batch, handled):
    with pytest.raises(RuntimeError), batch.open():
        batch.request("a")
        raise RuntimeError("rolled back")
    assert handled == []
    batch.request("b")
    assert handled == [{"b"}]
