"""A time and memory budget for one template render, enforced in-process.

A template is user code: a loop can run for hours or grow a list until the machine swaps. The
sandbox's hooks check the budget on every call a template makes (and cap the containers it
grows); a loop that calls nothing is stopped by a watchdog thread that raises `OverBudget`
inside the rendering thread (CPython's PyThreadState_SetAsyncExc, delivered between two
bytecodes of the compiled template). One watchdog serves every render: a render starts no
thread and no process.
"""

import ctypes
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from clientkit.domain.wording import said

SECONDS = 2.0  # a contract or a reminder renders in milliseconds
MEMORY_BYTES = 256 * 1024 * 1024  # growth of the process while one template renders
MAX_ITEMS = 100_000  # items a template may put in one list, dict or set
MAX_OUTPUT = 5_000_000  # characters of rendered text
WATCH_INTERVAL = 0.02  # seconds between two looks of the watchdog

_GROWING = frozenset({"append", "extend", "insert", "update", "add", "setdefault", "appendleft"})
_CONTAINERS = (list, dict, set, deque)


class OverBudget(BaseException):
    """A render ran past its budget. A BaseException, so that no `except Exception` in Jinja,
    a filter or a loader swallows it on its way out."""


@dataclass(eq=False)  # kept in a set by identity
class Budget:
    """The budget of the render running in one thread."""

    seconds: float = SECONDS
    thread_id: int = field(default_factory=threading.get_ident)
    started: float = field(default_factory=time.monotonic)
    start_memory: int | None = field(default_factory=lambda: _resident_bytes())
    reason: str = ""
    finished: bool = False
    injected: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)

    def check(self) -> None:
        """Raise OverBudget when the time is up (called from the sandbox's hooks)."""
        if time.monotonic() - self.started > self.seconds:
            self.reason = _too_long(self.seconds)
            raise OverBudget(self.reason)

    def exceeded(self) -> str:
        """Why the render is over budget (time or memory), or "" while it is within."""
        if time.monotonic() - self.started > self.seconds:
            return _too_long(self.seconds)
        now = _resident_bytes()
        grown = 0 if self.start_memory is None or now is None else now - self.start_memory
        if grown > MEMORY_BYTES:
            return said("it took more than %(most)s MB of memory", most=MEMORY_BYTES // 2**20)
        return ""


def _too_long(seconds: float) -> str:
    return said("it ran longer than %(seconds)s seconds", seconds=f"{seconds:g}")


_CURRENT = threading.local()


def current() -> Budget | None:
    """The budget of the render running in this thread, if any."""
    return getattr(_CURRENT, "budget", None)


def check_growth(method: object) -> None:
    """After a template called `method`: refuse a list, dict or set it grew past MAX_ITEMS."""
    owner = getattr(method, "__self__", None)
    grows = getattr(method, "__name__", "") in _GROWING
    if grows and isinstance(owner, _CONTAINERS) and len(owner) > MAX_ITEMS:
        # The limits are written out in the messages (each language groups digits its own
        # way); a test checks that they are still MAX_ITEMS and MAX_OUTPUT.
        raise OverBudget(
            said("it put more than 100,000 items in one %(kind)s", kind=type(owner).__name__)
        )


def within_budget(render: Callable[[], Iterable[str]], seconds: float | None = None) -> str:
    """The text of `render()` (an iterator of chunks), or OverBudget when it runs too long
    (SECONDS unless given), grows too large in memory or in text."""
    budget = Budget(seconds=SECONDS if seconds is None else seconds)
    _CURRENT.budget = budget
    _watch(budget)
    try:
        return _collect(render(), budget)
    except OverBudget as exc:  # the watchdog's arrives without a message: give it the reason
        reason = exc.args[0] if exc.args and exc.args[0] else budget.reason
        raise OverBudget(reason).with_traceback(exc.__traceback__) from None
    finally:
        _CURRENT.budget = None
        _settle(budget)


def _collect(chunks: Iterable[str], budget: Budget) -> str:
    parts: list[str] = []
    size = 0
    for chunk in chunks:
        size += len(chunk)
        if size > MAX_OUTPUT:
            raise OverBudget(said("its text grew past 5,000,000 characters"))
        parts.append(chunk)
        budget.check()
    return "".join(parts)


_ACTIVE: set[Budget] = set()  # renders running now, in any thread
_WAKE = threading.Condition()
_WATCHDOG: list[threading.Thread] = []


def _watch(budget: Budget) -> None:
    with _WAKE:
        _ACTIVE.add(budget)
        if not (_WATCHDOG and _WATCHDOG[0].is_alive()):  # first render, or after a fork
            _WATCHDOG[:] = [threading.Thread(target=_watchdog, name="template-budget", daemon=True)]
            _WATCHDOG[0].start()
        _WAKE.notify()


def _watchdog() -> None:
    while True:
        with _WAKE:
            while not _ACTIVE:
                _WAKE.wait()
            running = list(_ACTIVE)
        for budget in running:
            reason = budget.exceeded()
            if reason:
                _stop(budget, reason)
        time.sleep(WATCH_INTERVAL)


def _stop(budget: Budget, reason: str) -> None:
    with budget.lock:
        if not budget.finished and not budget.injected:
            budget.reason = reason
            budget.injected = True
            _raise_in(budget.thread_id, OverBudget)


def _settle(budget: Budget) -> None:
    """End the render: no OverBudget may arrive after this, so one still pending is dropped."""
    with budget.lock:
        budget.finished = True
        if budget.injected:
            _raise_in(budget.thread_id, None)
    with _WAKE:
        _ACTIVE.discard(budget)


def _raise_in(thread_id: int, exception: type[BaseException] | None) -> None:
    target = ctypes.py_object(exception) if exception is not None else None
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), target)


_STATM = Path("/proc/self/statm")
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _resident_bytes() -> int | None:
    """The process's resident memory (Linux); None elsewhere, where only time is watched."""
    try:
        return int(_STATM.read_text().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return None
