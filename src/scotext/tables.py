"""Tables people cite: CSV with full precision, booktabs LaTeX rounded and captioned.

Both are written atomically (to a temporary file renamed into place), so a failed run
never leaves a half-written table.
"""

from __future__ import annotations

import math
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

_LATEX_SPECIAL = {"&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "{": r"\{",
                  "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
                  "\\": r"\textbackslash{}"}


def atomic_write_text(path, text: str) -> None:
    """Write ``text`` to ``path`` via a temporary file in the same directory."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write_csv(df, path) -> None:
    """CSV, UTF-8, LF line ends, no index, full float precision. Written straight to the
    (temporary) file, not built as one string first: the segment table of 10^5 documents is
    500 MB of text."""
    with csv_parts(path) as add:
        add(df)


@contextmanager
def csv_parts(path):
    """Write one CSV from consecutive parts, in bounded memory::

        with csv_parts(path) as add:
            for part in parts:
                add(part)

    gives the bytes of ``write_csv(pd.concat(parts), path)`` (the header comes from the
    first part, which may be empty; the parts must have the same columns). Atomic like
    :func:`write_csv`: the file appears when the block ends without an error."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            columns = None

            def add(df):
                nonlocal columns
                if columns is None:
                    columns = list(df.columns)
                elif list(df.columns) != columns:
                    raise ValueError(f"{path.name}: a part has the columns {list(df.columns)}, "
                                     f"not {columns}")
                df.to_csv(fh, index=False, header=fh.tell() == 0, lineterminator="\n")

            yield add
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def latex_escape(value) -> str:
    return "".join(_LATEX_SPECIAL.get(ch, ch) for ch in str(value))


def _fmt(value, decimals: int) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if math.isnan(value):
            return "--"
        return f"{value:.{decimals}f}"
    if hasattr(value, "item"):  # numpy scalar
        return _fmt(value.item(), decimals)
    return latex_escape(value)


MAX_TEX_ROWS = 500   # a LaTeX table is for reading; longer ones (large corpora) are cut, the CSV is whole


def to_booktabs(df, caption: str, label: str, decimals: int = 3,
                max_rows: int | None = MAX_TEX_ROWS) -> str:
    """A booktabs ``table`` environment; numbers right-aligned, text left-aligned. Tables of
    more than ``max_rows`` rows show the first ``max_rows`` and say how many are left out
    (the CSV file next to it has them all)."""
    import pandas as pd

    align = "".join("r" if pd.api.types.is_numeric_dtype(df[c]) and
                    not pd.api.types.is_bool_dtype(df[c]) else "l" for c in df.columns)
    lines = [r"\begin{table}[htbp]", r"\centering", r"\small",
             rf"\caption{{{latex_escape(caption)}}}", rf"\label{{{label}}}",
             rf"\begin{{tabular}}{{{align}}}", r"\toprule",
             " & ".join(latex_escape(c) for c in df.columns) + r" \\", r"\midrule"]
    shown = df if max_rows is None or len(df) <= max_rows else df.iloc[:max_rows]
    for row in shown.itertuples(index=False):
        lines.append(" & ".join(_fmt(v, decimals) for v in row) + r" \\")
    if len(shown) < len(df):
        lines.append(rf"\multicolumn{{{len(df.columns)}}}{{l}}{{\dots\ {len(df) - len(shown)} "
                     r"more rows in the CSV file} \\")
    lines += [r"\bottomrule", r"\end{tabular}", r"\end{table}", ""]
    return "\n".join(lines)


def write_table(df, csv_path, tex_path=None, *, caption: str = "", label: str = "",
                decimals: int = 3) -> None:
    """Write the CSV and, if ``tex_path`` is given, its booktabs LaTeX version."""
    write_csv(df, csv_path)
    if tex_path is not None:
        atomic_write_text(tex_path, to_booktabs(df, caption, label, decimals))
