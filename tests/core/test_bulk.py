"""`core.bulk.collections_paused`: the cyclic collector is paused while a bulk step runs, always resumed."""

from __future__ import annotations

import gc

import pytest

from core.bulk import collections_paused


@collections_paused
def _step(fail: bool) -> bool:
    if fail:
        raise ValueError("the step failed")
    return gc.isenabled()


def test_the_collector_is_paused_inside_and_resumed_after() -> None:
    assert gc.isenabled()
    assert _step(False) is False
    assert gc.isenabled()


def test_the_collector_is_resumed_when_the_step_fails() -> None:
    with pytest.raises(ValueError, match="failed"):
        _step(True)
    assert gc.isenabled()


def test_a_step_inside_another_leaves_it_paused_to_the_outer_one() -> None:
    @collections_paused
    def outer() -> tuple[bool, bool]:
        inner = _step(False)
        return inner, gc.isenabled()

    assert outer() == (False, False)
    assert gc.isenabled()
