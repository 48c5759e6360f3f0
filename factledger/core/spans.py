"""Find the item nearest a position among items sorted by theirs.

A sentence can hold thousands of figures, time phrases and attribution cues; comparing
each figure with every cue would cost their product. Bisection costs a logarithm.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

Item = TypeVar("Item")


class Nearest(Generic[Item]):
    """Items sorted by position; ties go to the earlier position, then to the item listed
    first, as a `min` over the list by (distance, position) would pick."""

    def __init__(self, items: Sequence[Item], position: Callable[[Item], int]) -> None:
        self.items = sorted(items, key=position)  # stable: equal positions keep list order
        self.positions = [position(item) for item in self.items]

    def __len__(self) -> int:
        return len(self.items)

    def nearest(self, target: int, low: int | None = None, high: int | None = None) -> Item | None:
        """The item nearest `target`, among those positioned in [low, high) when given."""
        first = 0 if low is None else bisect_left(self.positions, low)
        stop = len(self.items) if high is None else bisect_left(self.positions, high)
        if first >= stop:
            return None
        above = bisect_left(self.positions, target, first, stop)  # first at or after target
        if above == stop or (
            above > first and target - self.positions[above - 1] <= self.positions[above] - target
        ):
            return self.items[bisect_left(self.positions, self.positions[above - 1], first, stop)]
        return self.items[above]
