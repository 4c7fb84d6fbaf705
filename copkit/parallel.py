"""Spread work over the machine's cores: worker processes forked from this one, so they start with
everything imported and built, and results that come back in the order the work was given.

Used only where it measurably pays (``copkit check`` over thousands of files). Whatever goes wrong
with the workers, nothing is lost: a worker that dies, or a pool that cannot start, leaves the
rest of the work to this process. Ctrl-C is this process's to handle (the workers ignore it and
are stopped), and a worker never outlives this process.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


def cores() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1  # pragma: no cover - every Linux has sched_getaffinity


def available() -> bool:
    """Whether work can be spread here: Linux (forking is safe and cheap there) with two cores or more."""
    return sys.platform == "linux" and cores() > 1


def idle_cores() -> int:
    """How many workers are worth starting now: the cores other work leaves free (less the 1-minute
    load average, as ``make -l`` judges it), or 0 when fewer than two are free or work cannot be spread.
    Measured: two workers on cores other processes keep busy are slower than one process."""
    if not available():
        return 0
    free = int(cores() - os.getloadavg()[0] + 0.5)
    return min(free, cores()) if free > 1 else 0


def in_order(
    work: Callable[[Sequence[Item]], list[Result]], chunks: Sequence[Sequence[Item]], *, workers: int
) -> Iterator[Result]:
    """``work(chunk)`` for every chunk, in worker processes, yielding the results chunk by chunk in
    the order of ``chunks``. When a worker fails (killed, out of memory, a result that cannot be
    sent back), the chunks not yet received are worked here instead."""
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    done = 0
    try:
        with _sigint_blocked():  # until the workers ignore it: a Ctrl-C now would hit them, not us
            pool = ProcessPoolExecutor(
                max_workers=max(1, min(workers, len(chunks))),
                mp_context=get_context("fork"),
                initializer=_start_worker,
                initargs=(os.getpid(),),
            )
            futures = [pool.submit(work, chunk) for chunk in chunks]  # the workers are forked on the first
    except Exception:  # noqa: BLE001 - no pool (no processes allowed, say): the work is done here
        yield from (result for chunk in chunks for result in work(chunk))
        return
    try:
        for future in futures:
            try:
                results = future.result()
            except Exception:  # noqa: BLE001 - a worker died or a result could not come back: no result is lost
                break
            yield from results
            done += 1
    finally:
        pool.shutdown(wait=True, cancel_futures=True)  # Ctrl-C: the running chunks end, the rest never start
    for chunk in chunks[done:]:
        yield from work(chunk)


@contextlib.contextmanager
def _sigint_blocked() -> Iterator[None]:
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _start_worker(parent: int) -> None:
    """A worker leaves Ctrl-C to its parent, and ends when its parent does (else, the parent killed,
    it would wait for work forever)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent ended before the line above
        os._exit(0)
