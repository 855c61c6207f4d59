"""Keyword comparison between two groups of text (periods): the statistics.

``stats`` holds the vectorised formulas (signed log-likelihood G², Benjamini-Hochberg
q-values, Log Ratio, conservative Log Ratio, informative-prior log-odds z-scores,
normalised dispersion DP, stratified segment bootstrap of rates, document-level
permutation test). They take arrays over the whole vocabulary and are safe with zero
counts; see the docstring of each function for its formula and reference.
"""
