"""Framing analysis: a dictionary of frames (``data/lexicons/frames.yaml``), segment scores,
salience by group, speaker differences, question-answer transitions, speaker-distinctive
language, a dictionary-seeded topic model as robustness check, and validation tools.

Modules (plain functions over pandas / numpy; no Snakemake):

- :mod:`.codebook`     load and validate the codebook (``load_codebook``);
- :mod:`.match`        compile patterns with the corpus Tokenizer, match texts, score segments;
- :mod:`.salience`     frame salience per group (shares and hits per 1,000 words) with a
                       two-stage cluster bootstrap, speaker differences with bootstrap
                       intervals, permutation p-values, evidence level and caveat;
- :mod:`.adjusted`     length-adjusted contrasts between speakers and years (rate ratio of
                       hits per word, odds ratio adjusted for log paragraph length) with
                       cluster-robust or cluster-bootstrap intervals, and confound rows;
- :mod:`.transitions`  question -> answer frame transitions, adoption and shift rates and
                       the adoption lift against a within-interview re-pairing null;
- :mod:`.distinctive`  Fightin' Words between speakers, overall and within frames;
- :mod:`.seeded`       seeded LDA (one topic per frame) and its agreement with the dictionary;
- :mod:`.validation`   top terms, KWIC, top segments, coverage, gold standard, precision /
                       recall / F1, Krippendorff's alpha.
"""
