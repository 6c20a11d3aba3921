"""Timing shared by the in-process benchmarks."""

import statistics
import time
from collections.abc import Callable


def median_ms(action: Callable[[], object], runs: int) -> float:
    """Median milliseconds of `runs` calls, after one warm-up call (imports, fonts, templates)."""
    action()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)
