"""Frame salience per group and differences between speakers, with document-level uncertainty.

Input: the frame scores of the segments, in either layout of :mod:`scotext.framing.table`:
long (``frame_segments``, one row per segment and frame: doc_id, segment_id, role, speaker,
year, is_duplicate, frame, n_hits, n_words, present ...) or wide (one row per segment with
``n_hits:<frame>`` and ``present:<frame>`` columns). The results are the same.

Units. Near-duplicate segments (``is_duplicate``) are left out unless
``include_duplicates=True``: they repeat a canonical segment of another document.

Measures (the ``measure`` column of :func:`salience`):

- ``share_present``: the share of the group's segments in which the frame is present,
  sum(present) / n_segments (every segment weighs the same, so a document with more
  segments weighs more, as in the corpus);
- ``hits_per_1000``: the pooled rate 1000 * sum(n_hits) / sum(n_words) over the group's
  segments (a ratio of sums, not a mean of segment rates, so that one-line segments do not
  dominate; a group without words gets 0).

Interval: a cluster bootstrap, stratified by group
(:func:`scotext.inference.bootstrap.cluster_bootstrap`). In each of ``n_boot`` replicates
every group with n_g documents gets n_g documents drawn with replacement from its own
documents (multinomial counts, ``numpy.random.default_rng(seed)``, groups in sorted order);
the segments of a drawn document stay together, because paragraphs of one interview are not
independent; a document drawn twice counts twice. Both measures are ratios of sums over the
drawn documents, computed for all frames at once as (weights @ cluster sums), so there is no
Python loop over replicates or segments (only over the few groups). The interval is the
percentile interval at ``level`` (``numpy.quantile``, linear). If a document has segments in
two groups (a speaker who asks and answers), its part in each group is a separate cluster.

**With one document in a group the one-stage cluster bootstrap cannot vary**: the only
document is drawn every time and the interval has zero width, unless ``two_stage=True``
(what the workflow uses, config ``framing.resample_segments``): then the paragraphs of every
drawn document are resampled too, and a one-document group gets an interval from
paragraph-to-paragraph variation within that document (which describes that document, not
a population of interviews). ``n_docs`` is reported with every
estimate and ``single_doc`` flags n_docs == 1. With few documents (2-3) the replicate
distribution is discrete (at most C(2 n_g - 1, n_g) distinct draws) and the interval is
close to the range of those values. The intervals describe the uncertainty from which
documents happen to be in this corpus, not a population of interviews.

Speaker differences (:func:`speaker_differences`): by default the answers
(``roles=("answer",)``) of every pair of speakers found in them (here the two
Secretaries-General). For each frame:

- ``difference`` = share_a - share_b of ``share_present`` (speaker_a < speaker_b in sorted
  order); the bootstrap interval takes the difference of the two groups' replicate shares
  (the same stratified cluster bootstrap: independent draws per speaker);
- ``rate_a``, ``rate_b``: hits per 1,000 words (ratios of sums), ``rate_ratio`` = rate_a /
  rate_b with the percentile interval of the replicate ratios from the same draws (a side
  with no hit in a replicate gives 0 or infinity there,
  :func:`scotext.inference.bootstrap.percentile_interval_inf`);
- ``p_doc``: permutation test at the DOCUMENT level: the speaker labels of the n documents
  of the two speakers are permuted (group sizes kept). Statistic |share_a - share_b| with
  the shares pooled over the segments of the documents assigned to each side. When
  C(n, n_a) <= ``n_perm`` every assignment is enumerated (exact; p = #{|T*| >= |T_obs|} / C,
  the observed assignment included) and ``min_p_doc`` = 1 / C, or 2 / C when n_a = n_b
  (swapping the sides gives the same |T|); otherwise ``n_perm`` random assignments and
  p = (1 + #) / (1 + n_perm) (Phipson & Smyth 2010), min_p = 1 / (1 + n_perm)
  (:func:`scotext.inference.permutation.label_permutation_test`). With this corpus (2 vs 1
  answer documents) min_p_doc = 1/3: no frame can be significant at the document level;
- ``p_segment``: SECONDARY, segment-level permutation p (speaker labels permuted among the
  segments, ``n_perm`` random permutations, Phipson-Smyth), which treats paragraphs as
  independent and therefore overstates the evidence; reported for description only;
- ``q_doc``, ``q_segment``: Benjamini-Hochberg (``scotext.inference.multiplicity.bh``) across
  the frames of a speaker pair (one family per pair and level);
- ``evidence``: :func:`scotext.evidence.comparison_level` of the pair's documents;
- ``caveat``: what else differs between the two speakers' documents
  (:func:`scotext.confound.contrast_caveat` on the documents table, sized by the words of
  the compared segments); ``note``: the documents per side, the smallest attainable p, and
  what the bootstrap did with a one-document side (two-stage: its paragraphs are resampled,
  so its share varies with them; one-stage: it does not vary).

Length-adjusted contrasts (odds ratios, rate ratios) are in :mod:`scotext.framing.adjusted`.
"""

from __future__ import annotations

import itertools

import numpy as np

from scotext.framing.table import matrices
from scotext.inference.bootstrap import (TWO_STAGE_MAX_CLUSTERS, cluster_bootstrap,  # noqa: F401
                                         percentile_interval, percentile_interval_inf)
from scotext.inference.permutation import MAX_PERM_DRAWS, label_permutation_test

MEASURES = ("share_present", "hits_per_1000")

SALIENCE_COLUMNS = ["frame", "group_var", "group", "measure", "estimate", "ci_low", "ci_high",
                    "n_segments", "n_present", "n_docs", "single_doc"]

DIFFERENCE_COLUMNS = ["frame", "speaker_a", "speaker_b", "share_a", "share_b", "difference",
                      "ci_low", "ci_high", "rate_a", "rate_b", "rate_ratio", "rr_ci_low",
                      "rr_ci_high", "n_segments_a", "n_segments_b", "n_docs_a",
                      "n_docs_b", "p_doc", "min_p_doc", "n_assignments_doc", "exact_doc",
                      "q_doc", "p_segment", "n_assignments_segment", "q_segment", "evidence",
                      "caveat", "note"]


# ------------------------------------------------------------------------------ helpers

def _check_int(name, value, minimum=1):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return int(value)


def _check_level(level):
    if not 0.0 < float(level) < 1.0:
        raise ValueError(f"level must lie in (0, 1), got {level!r}")
    return float(level)


def select_units(frame_segments, roles=None, include_duplicates: bool = False):
    """Rows of ``frame_segments`` with role in ``roles`` (None: all) and, unless
    ``include_duplicates``, without near-duplicate segments
    (:func:`scotext.stagedata.select_units`)."""
    from scotext.stagedata import select_units as mask

    return frame_segments[mask(frame_segments, roles, include_duplicates)]


# ----------------------------------------------------------------------------- salience

def salience(frame_segments, group_var: str, n_boot: int, seed: int, *, level: float = 0.95,
             measures=MEASURES, roles=None, include_duplicates: bool = False,
             two_stage: bool = False,
             two_stage_max_clusters: int | None = TWO_STAGE_MAX_CLUSTERS):
    """Frame salience per group of ``group_var`` with a document-cluster bootstrap interval.

    ``group_var``: a column of ``frame_segments`` (speaker, role, year ...); ``roles``:
    restrict to these roles first (None: all). Returns a DataFrame with the columns
    frame, group_var, group, measure, estimate, ci_low, ci_high, n_segments, n_present,
    n_docs, single_doc; frames in codebook order, then groups sorted, then ``measures``
    in the given order (see module docstring for the measures and the interval).
    """
    import pandas as pd

    n_boot = _check_int("n_boot", n_boot)
    level = _check_level(level)
    unknown = [m for m in measures if m not in MEASURES]
    if unknown or not measures:
        raise ValueError(f"measures must be among {MEASURES}, got {list(measures)}")
    if group_var not in frame_segments.columns:
        raise ValueError(f"group_var {group_var!r} is not a column of frame_segments")
    fs = select_units(frame_segments, roles, include_duplicates)
    if fs.empty:
        return pd.DataFrame(columns=SALIENCE_COLUMNS)
    if fs[group_var].isna().any():
        raise ValueError(f"column {group_var!r} has missing values")
    segs, frames, mats = matrices(fs)
    present, hits = mats["present"], mats["n_hits"]
    words = segs["n_words"].to_numpy(dtype=np.float64)
    groups = segs[group_var].to_numpy()
    docs = segs["doc_id"].to_numpy()
    F = len(frames)
    num = {"share_present": present, "hits_per_1000": hits * 1000.0}
    den = {"share_present": np.ones(len(segs)), "hits_per_1000": words}
    # every measure from the same document draws: one bootstrap over their columns side by
    # side (the draws do not depend on the number of columns)
    labels, est, reps, n_units, n_clu = cluster_bootstrap(
        np.hstack([num[m] for m in measures]),
        np.hstack([np.broadcast_to(np.asarray(den[m], dtype=np.float64).reshape(len(segs), -1),
                                   (len(segs), F)) for m in measures]),
        groups, docs, n_boot, seed, two_stage, two_stage_max_clusters)
    lo, hi = percentile_interval(reps, level)
    out = {m: (labels, est[:, i * F:(i + 1) * F], lo[:, i * F:(i + 1) * F],
               hi[:, i * F:(i + 1) * F], n_units, n_clu) for i, m in enumerate(measures)}
    labels = out[measures[0]][0]
    gcode = pd.Index(labels).get_indexer(groups)
    n_present = np.zeros((len(labels), F))
    np.add.at(n_present, gcode, present)
    rows = []
    for f in range(F):
        for g, lab in enumerate(labels):
            for m in measures:
                _, est, lo, hi, n_units, n_clu = out[m]
                rows.append({"frame": frames[f], "group_var": group_var, "group": lab,
                             "measure": m, "estimate": est[g, f], "ci_low": lo[g, f],
                             "ci_high": hi[g, f], "n_segments": int(n_units[g]),
                             "n_present": int(n_present[g, f]), "n_docs": int(n_clu[g]),
                             "single_doc": bool(n_clu[g] == 1)})
    return pd.DataFrame(rows, columns=SALIENCE_COLUMNS)


def salience_table(frame_segments, group_vars=("speaker", "role", "year"), *, n_boot: int,
                   seed: int, level: float = 0.95, measures=MEASURES, roles=None,
                   include_duplicates: bool = False):
    """:func:`salience` for several grouping variables, stacked (same seed for each)."""
    import pandas as pd

    parts = [salience(frame_segments, g, n_boot, seed, level=level, measures=measures,
                      roles=roles, include_duplicates=include_duplicates) for g in group_vars]
    parts = [p.astype({"group": str}) for p in parts if not p.empty]
    if not parts:
        return pd.DataFrame(columns=SALIENCE_COLUMNS)
    return pd.concat(parts, ignore_index=True)


def groups_caveat_of(frame_segments, documents, group_var: str, *, roles=None, groups=None,
                     include_duplicates: bool = False) -> str:
    """The caveat of a salience figure: :func:`scotext.confound.groups_caveat` of the
    groups of ``group_var`` (only ``groups`` if given), each profiled from the documents in
    which it has segments (of ``roles``), sized by the words of those segments."""
    from scotext.confound import groups_caveat, side_profile
    from scotext.framing.adjusted import side_tokens

    fs = select_units(frame_segments, roles, include_duplicates)
    key = fs[group_var].astype(str)
    labels = sorted(key.unique()) if groups is None else [str(g) for g in groups]
    profiles = {}
    for lab in labels:
        sub = fs[key == lab]
        if len(sub):
            profiles[lab] = side_profile(documents, sub["doc_id"].astype(str).unique(),
                                         tokens=side_tokens(sub))
    return groups_caveat(profiles, compared=group_var)


# ------------------------------------------------------------------ permutation tests

def permutation_test(numerators, denominators, is_a, n_perm: int, seed: int, *,
                     chunk_size: int = 1024, max_draws: int | None = MAX_PERM_DRAWS):
    """Permutation test of |ratio_A - ratio_B| for every column, labels permuted over units.

    ``numerators``: units x F (e.g. frame-present counts per document); ``denominators``:
    units (e.g. segments per document); ``is_a``: boolean label per unit. The statistic of
    an assignment is |Σ_A num / Σ_A den - Σ_B num / Σ_B den|. Exact enumeration of the
    C(n, n_a) assignments when C <= ``n_perm`` (``itertools.combinations``, deterministic),
    else ``n_perm`` random assignments from ``numpy.random.default_rng(seed)``; see the
    module docstring for p and min_p. Vectorised: assignments are processed in chunks as a
    units x assignments indicator matrix and two matrix products (chunks shrink with the
    number of units so that memory stays bounded; the draws do not depend on the chunking).

    Scale: a random assignment costs one draw per unit, so with ``max_draws`` the number of
    random assignments is lowered to ``max(200, max_draws // units)`` when ``n_perm`` would
    draw more (10^5 paragraphs: 2,000 assignments). The returned ``n_assignments`` and
    ``min_p`` (= 1 / (1 + assignments)) say which resolution the p-value has.

    Returns ``(p (F,), min_p, n_assignments, exact)``.
    """
    num = np.asarray(numerators, dtype=np.float64)
    den = np.asarray(denominators, dtype=np.float64)
    is_a = np.asarray(is_a, dtype=bool)
    if num.ndim != 2 or den.shape != (num.shape[0],) or is_a.shape != (num.shape[0],):
        raise ValueError("numerators: units x F; denominators and is_a: one value per unit")
    n_perm = _check_int("n_perm", n_perm)
    chunk_size = _check_int("chunk_size", chunk_size)
    k = int(is_a.sum())
    if k == 0 or k == num.shape[0]:
        raise ValueError("each side needs at least one unit")
    if np.any(den <= 0):
        raise ValueError("denominators must be > 0")
    tot_num = num.sum(axis=0)
    tot_den = den.sum()

    def stat(member):                        # member: units x assignments (0/1)
        na = num.T @ member                  # F x assignments
        da = den @ member                    # assignments
        return np.abs(na / da - (tot_num[:, None] - na) / (tot_den - da))

    return label_permutation_test(stat, is_a, n_perm, seed, chunk_size=chunk_size,
                                  max_draws=max_draws)


def speaker_differences(frame_segments, documents, *, n_boot: int, n_perm: int, seed: int,
                        roles=("answer",), speakers=None, level: float = 0.95,
                        alpha: float = 0.05, include_duplicates: bool = False,
                        segment_perm: bool = True, two_stage: bool = False,
                        two_stage_max_clusters: int | None = TWO_STAGE_MAX_CLUSTERS,
                        max_perm_draws: int | None = MAX_PERM_DRAWS):
    """Difference of frame presence shares between speakers (see module docstring).

    ``documents``: the documents table (:func:`scotext.stagedata.read_documents`), from
    which the caveat of every pair is computed (:func:`scotext.confound.contrast_caveat`).
    ``speakers``: the speakers to compare (default: every speaker found in ``roles``); every
    pair (a < b, sorted) is compared. Returns one row per (pair, frame) with the columns of
    :data:`DIFFERENCE_COLUMNS`. ``segment_perm=False`` skips the secondary segment-level test.
    """
    import pandas as pd

    from scotext.confound import contrast_caveat
    from scotext.evidence import comparison_level
    from scotext.framing.adjusted import side_profiles
    from scotext.inference.multiplicity import bh

    n_boot = _check_int("n_boot", n_boot)
    n_perm = _check_int("n_perm", n_perm)
    level = _check_level(level)
    fs = select_units(frame_segments, roles, include_duplicates)
    if speakers is not None:
        fs = fs[fs["speaker"].isin(list(speakers))]
    if fs.empty:
        return pd.DataFrame(columns=DIFFERENCE_COLUMNS)
    segs, frames, mats = matrices(fs)
    present, hits = mats["present"], mats["n_hits"]
    words = segs["n_words"].to_numpy(dtype=np.float64)
    F = len(frames)
    spk = segs["speaker"].astype(str).to_numpy()
    names = sorted(set(spk)) if speakers is None else sorted(set(map(str, speakers)) & set(spk))
    rows = []
    for a, b in itertools.combinations(names, 2):
        sel = np.isin(spk, [a, b])
        sub = segs[sel]
        P = present[sel]
        # shares and hits per 1,000 words from the same document (and paragraph) draws: the
        # draws do not depend on the number of columns, so the share intervals are those of
        # the shares alone
        labels, est, reps, n_units, n_clu = cluster_bootstrap(
            np.hstack([P, 1000.0 * hits[sel]]),
            np.hstack([np.ones((len(sub), F)), np.repeat(words[sel, None], F, axis=1)]),
            spk[sel], sub["doc_id"].to_numpy(), n_boot, seed, two_stage,
            two_stage_max_clusters)
        ia, ib = labels.index(a), labels.index(b)
        diff_reps = reps[ia, :, :F] - reps[ib, :, :F]
        lo, hi = percentile_interval(diff_reps, level)
        with np.errstate(divide="ignore", invalid="ignore"):
            rr = est[ia, F:] / est[ib, F:]
            rr_reps = reps[ia, :, F:] / reps[ib, :, F:]
        rr_lo, rr_hi = np.full(F, np.nan), np.full(F, np.nan)
        for f in range(F):
            rr_lo[f], rr_hi[f] = percentile_interval_inf(rr_reps[:, f], level)
        # document level: one unit per (document, speaker)
        unit = pd.MultiIndex.from_arrays([sub["doc_id"].astype(str).to_numpy(), spk[sel]])
        ucode, uniq = pd.factorize(unit)
        doc_num = np.zeros((len(uniq), F))
        np.add.at(doc_num, ucode, P)
        doc_den = np.bincount(ucode, minlength=len(uniq)).astype(np.float64)
        doc_is_a = np.asarray(uniq.get_level_values(1)) == a
        p_doc, min_p, n_assign, exact = permutation_test(doc_num, doc_den, doc_is_a, n_perm,
                                                         seed, max_draws=max_perm_draws)
        if segment_perm:
            p_seg, _, n_seg_perm, _ = permutation_test(P, np.ones(len(sub)), spk[sel] == a,
                                                       n_perm, seed, max_draws=max_perm_draws)
            q_seg = bh(p_seg)
        else:
            p_seg = np.full(F, np.nan)
            q_seg = p_seg
            n_seg_perm = 0
        q_doc = bh(p_doc)
        pa, pb = side_profiles(documents, segs, sel & (spk == a), sel & (spk == b))
        caveat = contrast_caveat(pa, pb, a, b, compared="speaker")
        n_da, n_db = int(n_clu[ia]), int(n_clu[ib])
        evidence, _ = comparison_level(n_da, n_db, alpha)
        note = (f"Document-level permutation over {n_da + n_db} documents ({n_da} vs {n_db}, "
                f"{'exact, ' if exact else ''}{n_assign} assignments): the smallest attainable "
                f"p is {min_p:.4g}. p_segment treats paragraphs as independent (secondary). "
                "rate: hits per 1,000 words; rate_ratio = rate_a / rate_b.")
        single = [s for s, k in ((a, n_da), (b, n_db)) if k == 1]
        if single:
            who = " and ".join(single)
            verb = "has" if len(single) == 1 else "have"
            if two_stage and (two_stage_max_clusters is None or two_stage_max_clusters >= 1):
                note += (f" {who} {verb} one document: the bootstrap resamples its paragraphs "
                         "(two-stage: documents, then paragraphs within each drawn document), "
                         "so its share does vary, but only with the paragraph-to-paragraph "
                         "variation within that document; nothing beyond these documents is "
                         "identified.")
            else:
                note += (f" {who} {verb} one document: its share does not vary in the "
                         "one-stage cluster bootstrap, so the interval reflects only the "
                         "other side's documents.")
        for f, frame in enumerate(frames):
            rows.append({"frame": frame, "speaker_a": a, "speaker_b": b,
                         "share_a": est[ia, f], "share_b": est[ib, f],
                         "difference": est[ia, f] - est[ib, f],
                         "ci_low": lo[f], "ci_high": hi[f],
                         "rate_a": est[ia, F + f], "rate_b": est[ib, F + f],
                         "rate_ratio": rr[f], "rr_ci_low": rr_lo[f], "rr_ci_high": rr_hi[f],
                         "n_segments_a": int(n_units[ia]), "n_segments_b": int(n_units[ib]),
                         "n_docs_a": n_da, "n_docs_b": n_db, "p_doc": p_doc[f],
                         "min_p_doc": min_p, "n_assignments_doc": int(n_assign),
                         "exact_doc": bool(exact), "q_doc": q_doc[f], "p_segment": p_seg[f],
                         "n_assignments_segment": int(n_seg_perm), "q_segment": q_seg[f],
                         "evidence": evidence, "caveat": caveat, "note": note})
    return pd.DataFrame(rows, columns=DIFFERENCE_COLUMNS)
