"""scotext: analysis library for the SCO Secretaries-General interview corpus.

Plain Python, no Snakemake import: every stage of the workflow is a function here,
called by a thin adapter in ``workflow/scripts``.
"""

__version__ = "0.1.0"
