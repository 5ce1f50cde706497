"""Work shared with forked copies of this process, where forking is safe.

The build is CPU work on data already in memory, and a large investigation gives it
plenty: thousands of pages to render, dozens of megabytes of YAML to parse, tens of
thousands of quotes to find. Forked workers inherit the data as it is (nothing is
pickled on the way in) and send back only their results, each as soon as it is ready;
this process does a share of the items meanwhile. The results come back in the items'
order, so the output is the same bytes whatever the number of processes.

Where forking is not safe (`fork_is_safe`: threads, not Linux, REPORTGEN_NO_FORK), or
the work is too small to pay for starting a process, everything runs in this process.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
from typing import Callable, Optional, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")

NO_FORK_ENV = "REPORTGEN_NO_FORK"  # set (to anything) to do everything in this process
WORKERS_ENV = "REPORTGEN_WORKERS"  # a number of processes; 1 does everything in this process
MAX_WORKERS = 4
RESULT_THREAD_INTERVAL = 0.0001  # seconds: see map_shared


def fork_is_safe() -> bool:
    """True where a forked child can work: Linux, one thread, not switched off. Forking
    copies only the calling thread: with others running (mkdocs serve's watcher) a child
    could wait forever on a lock one of them held."""
    if os.environ.get(NO_FORK_ENV) or not sys.platform.startswith("linux") or not hasattr(os, "fork"):
        return False
    try:
        return len(os.listdir("/proc/self/task")) == 1  # native threads too, not only Python's
    except OSError:
        return False


def worker_count(amount: float, minimum: float) -> int:
    """How many processes should share `amount` of work: one below `minimum` (starting a
    process costs more than it saves), else one per core (up to MAX_WORKERS), unless
    REPORTGEN_WORKERS says otherwise."""
    wanted = os.environ.get(WORKERS_ENV, "")
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    if amount < minimum:
        return 1
    return max(1, min(os.cpu_count() or 1, MAX_WORKERS))


def my_share(weights: Sequence[float], workers: int, sent: float = 0.0) -> set[int]:
    """Indexes of the items this process should take so that it finishes about when the
    workers do: heaviest first, each to whichever side would finish sooner with it. An item
    a worker takes costs it `1 + sent` times its weight (its result is pickled there) and
    this process `sent` times (unpickled here)."""
    mine: set[int] = set()
    my_load = their_load = 0.0  # their_load: per worker
    others = max(workers - 1, 1)
    for i in sorted(range(len(weights)), key=lambda i: (-weights[i], i)):
        weight = weights[i]
        if my_load + weight <= their_load + weight * (1 + sent) / others:
            mine.add(i)
            my_load += weight
        else:
            their_load += weight * (1 + sent) / others
            my_load += weight * sent
    return mine


_FORKED: Optional[tuple] = None  # what forked workers inherit: (fn, items)


def _run_one(index: int) -> tuple[int, object]:
    fn, items = _FORKED
    return index, fn(items[index])


def map_shared(fn: Callable[[T], R], items: Sequence[T], workers: int,
               mine: Optional[set[int]] = None, chunksize: int = 1) -> list[R]:
    """`[fn(item) for item in items]`, computed by this process and `workers - 1` forked
    ones. This process takes the items `mine` names (default: every workers-th), the
    workers the others, a chunk at a time. An exception in a worker is raised here."""
    if workers < 2 or len(items) < 2 or not fork_is_safe():
        return [fn(item) for item in items]
    if mine is None:
        mine = set(range(0, len(items), workers))
    global _FORKED
    _FORKED = (fn, items)
    results: list = [None] * len(items)
    # What exists now stays alive to the end of the build: frozen, no collection walks it,
    # in this process or in a worker (where walking it would copy every page it is on).
    gc.freeze()
    interval = sys.getswitchinterval()
    # The workers' results are read by a thread of the pool's while this one works: a short
    # switch interval lets that thread take the interpreter after each read of a pipe, so the
    # workers are not left blocked on a full pipe while this thread computes.
    sys.setswitchinterval(RESULT_THREAD_INTERVAL)
    try:
        with multiprocessing.get_context("fork").Pool(workers - 1) as pool:
            theirs = pool.imap_unordered(_run_one, [i for i in range(len(items)) if i not in mine],
                                         chunksize=chunksize)
            for i in sorted(mine):
                results[i] = fn(items[i])
            for i, result in theirs:
                results[i] = result
    finally:
        _FORKED = None
        sys.setswitchinterval(interval)
    return results
