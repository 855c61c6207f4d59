"""Send a job's warnings, messages and tracebacks to its Snakemake log file."""

from __future__ import annotations

import logging
import sys
from pathlib import Path


def start_log(path) -> logging.Logger:
    """Redirect stderr and the ``scotext`` logger to ``path``; return the logger."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    stream = open(path, "w", encoding="utf-8", buffering=1)
    sys.stderr = stream
    logging.basicConfig(stream=stream, level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s", force=True)
    logging.getLogger("fontTools").setLevel(logging.WARNING)  # PDF font subsetting chatter
    logging.getLogger("matplotlib").setLevel(logging.WARNING)
    logging.getLogger("gensim").setLevel(logging.WARNING)   # per-pass chatter
    return logging.getLogger("scotext")


THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                    "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS")


def start_job(sm) -> logging.Logger:
    """Start a Snakemake script job: numerical libraries use the job's ``threads`` and no
    more, then the log is opened (:func:`start_log`).

    Snakemake sets these variables for ``shell:`` jobs only. Without them OpenBLAS starts a
    thread per core in every job: on 2 cores running 4 jobs that made a small matrix product
    up to 80 times slower, and a reduction split over a machine-dependent number of threads
    can change the last bits of a result. Must run before numpy is imported.
    """
    import os

    threads = str(max(1, int(getattr(sm, "threads", 1) or 1)))
    for var in THREAD_VARIABLES:
        os.environ[var] = threads
    return start_log(sm.log[0])
