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
