"""Worker processes for CPU-bound work, started safely from a threaded program."""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

WORKERS = 2
WORKER_NICENESS = 5
"""Workers yield to the process that started them: it records results one chunk at a time
(the slower part of a bulk run) and, in the app, draws the screen."""


def worker_pool() -> ProcessPoolExecutor:
    """A pool of WORKERS processes at WORKER_NICENESS."""
    # forkserver: workers never inherit this process's threads or open index files.
    return ProcessPoolExecutor(
        WORKERS,
        mp_context=get_context("forkserver"),
        initializer=os.nice,
        initargs=(WORKER_NICENESS,),
    )
