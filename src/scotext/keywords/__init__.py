"""Keyword comparison between groups of text (periods).

- :mod:`.stats`: the keyword statistics (signed G², Log Ratio, conservative Log Ratio,
  informative-prior log-odds z, normalised DP, the document-level permutation test),
  vectorised over the vocabulary; exact tests and intervals, BH, the permutation loop and
  the bootstrap come from :mod:`scotext.inference` (one implementation for every stage);
- :mod:`.keyness`: the keyness table of every contrast (exact test as the primary p, BH over
  the ranked terms, exact intervals, DP over documents and paragraphs, the document-level
  verdict), the per-contrast summary and the document-level permutation table;
- :mod:`.frequencies`: rates per period with exact and cluster-bootstrap intervals;
- :mod:`.periods`, :mod:`.units`: periods, contrasts, the analysed units, periods without
  analysable words; :mod:`.confounds`: each contrast's caveat from the documents table;
- :mod:`.sensitivity`: the key terms under other preprocessing and selection choices;
- :mod:`.kwic`, :mod:`.plots`: keyword in context and the figures.
"""
