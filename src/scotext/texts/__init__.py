"""The generated texts of a run (``summary.md``, ``methods.md``), one module per stage.

Each stage module has ``summary(ctx) -> list[str]`` (its section of the key findings) and
``methods(ctx) -> list[str]`` (its paragraph of the methods text) and ``REFERENCES`` (the
works its text cites). :mod:`scotext.reporting` assembles them. ``ctx`` is a
:class:`scotext.texts.context.TextContext`: the paths of the result tables, the
configuration, the provenance record and the :class:`scotext.texts.cite.Cite` collector
through which every printed number passes (so that a test reads each one back from the
table it names).
"""
