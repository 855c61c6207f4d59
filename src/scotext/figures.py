"""One style for every figure: journal column sizes, a colour-blind-safe palette, fixed
metadata so reruns give byte-identical PNG and PDF files, and the plotted data as CSV."""

from __future__ import annotations

from pathlib import Path

# Okabe & Ito (2008) colour-blind-safe palette.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442",
           "#000000"]
SINGLE_COLUMN_IN = 3.5   # inches, one journal column
DOUBLE_COLUMN_IN = 7.2   # inches, full page width
DPI = 300


def setup():
    """Import matplotlib with a non-interactive backend and the shared style; return pyplot."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update({
        "font.family": "DejaVu Sans", "font.size": 8, "axes.titlesize": 9,
        "axes.labelsize": 8, "xtick.labelsize": 7, "ytick.labelsize": 7,
        "legend.fontsize": 7, "axes.spines.top": False, "axes.spines.right": False,
        "axes.prop_cycle": matplotlib.cycler(color=PALETTE), "pdf.fonttype": 42,
        "ps.fonttype": 42, "svg.hashsalt": "scotext", "savefig.dpi": DPI,
        "figure.dpi": 100,
    })
    return plt


def save(fig, stem, data=None) -> list[Path]:
    """Save ``fig`` as ``stem``.png (300 dpi) and ``stem``.pdf with fixed metadata, and
    ``data`` (a DataFrame of what is plotted) as ``stem``.csv; return the paths."""
    from scotext.tables import write_csv

    stem = Path(stem)
    stem.parent.mkdir(parents=True, exist_ok=True)
    png, pdf = stem.with_suffix(".png"), stem.with_suffix(".pdf")
    # the tight bounding box once for both files (each bbox_inches="tight" costs a draw)
    import matplotlib

    bbox = fig.get_tightbbox(fig.canvas.get_renderer()).padded(
        matplotlib.rcParams["savefig.pad_inches"])
    fig.savefig(png, dpi=DPI, metadata={"Software": None}, bbox_inches=bbox)
    fig.savefig(pdf, metadata={"Creator": None, "Producer": None, "CreationDate": None},
                bbox_inches=bbox)
    out = [png, pdf]
    if data is not None:
        write_csv(data, stem.with_suffix(".csv"))
        out.append(stem.with_suffix(".csv"))
    return out
