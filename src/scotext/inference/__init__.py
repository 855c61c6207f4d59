"""The inference kernels every stage calls: one implementation of each.

- :mod:`.exact`: exact tests and intervals for counts: the two-sided conditional binomial
  test of two rates, Clopper-Pearson and Jeffreys intervals of a proportion, the exact
  (Garwood) Poisson interval of a rate, the exact conditional interval of a rate ratio (on
  the log2 scale: the interval behind Log Ratio and Evert's LRC), and the smallest p a
  label permutation over so many units can reach.
- :mod:`.multiplicity`: Benjamini-Hochberg and Bonferroni over a stated family.
- :mod:`.permutation`: label-permutation tests (exact enumeration when small, seeded random
  assignments otherwise, Phipson-Smyth p) with a caller-supplied vectorised statistic, and
  re-pairing nulls.
- :mod:`.bootstrap`: cluster bootstrap weights drawn in blocks, the stratified (two-stage)
  cluster bootstrap of ratios of sums, and percentile intervals.

numpy and scipy only; every random draw comes from a ``numpy.random.default_rng(seed)`` the
caller seeds, so results are reproducible and independent of chunk sizes.
"""
