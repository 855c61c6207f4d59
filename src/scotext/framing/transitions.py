"""Questions and answers: which frames an answer takes up from the question it answers.

Turns. Segments (paragraphs) are grouped into turns by ``(doc_id, turn)``; a turn has one
role and one speaker (the corpus's segmentation guarantees it; a turn with two roles raises
an error). A frame is present in a turn when it is present in at least one of its segments.

Pairing. Within each document, turns are taken in ``turn`` order. Each question turn is
paired with the first following turn whose role is in ``answer_roles`` (default: the
official's ``answer``), skipping turns of other roles (narration); if another question turn
comes first, the earlier question is left unpaired (it was not answered on its own). An
answer turn without a preceding unpaired question (e.g. numbered items whose questions the
source does not print) is not paired. Pairing uses every turn, near-duplicates included, so
a duplicated turn cannot shift the pairing; then a pair whose question or answer turn
consists only of near-duplicate segments is dropped (``include_duplicates=False``): the same
exchange is kept in its canonical document.

Pair table (:func:`qa_pairs`): doc_id, q_turn, a_turn, interviewer (question speaker),
speaker (answering official), year, n_q_segments and n_a_segments (paragraphs of each turn:
a long answer has more room for frames, so shift rates grow with answer length),
q_frames and a_frames (frame ids in codebook order
joined by " | ", "" for none), n_q_frames, n_a_frames, adopted (question frames also in the
answer), new (answer frames absent from the question), dropped (question frames absent from
the answer), n_adopted, n_new, shift (n_new > 0).

Transition counts (:func:`transition_counts`): every pair contributes one count to each
combination (question frame, answer frame) of its question's frame set and its answer's
frame set; a side without frames contributes the frame "none". A pair with two question
frames and three answer frames therefore adds six cells (counts are pair-cells, not
pairs); ``n_pairs_q`` is the number of pairs whose question has the question frame, and
``share_of_q`` = count / n_pairs_q: the share of those questions whose answer has the answer
frame.

Rates (:func:`adoption_rates`), per answering speaker and over all pairs, for the whole
answer turn (``scope`` "answer") and for its first paragraph only ("first_paragraph": a long
answer has more room for frames, so the first paragraph shows what the answer turns to
first):

- ``adoption_rate`` = (question frames also present in the answer) / (question frames),
  pooled over the group's pairs (frames of questions without frames do not enter);
- ``shift_rate`` = share of pairs whose answer introduces at least one frame absent from the
  question (including answers to questions without frames that have any frame);
- exact (Clopper-Pearson) intervals of both, which treat question frames (adoption) and
  pairs (shift) as independent trials: they describe these pairs.

The null (:func:`transition_null`). A high shift rate or a high adoption rate can arise by
construction: answers are long and an interview keeps to a few subjects, so an answer shares
frames with *any* question of its interview. Each statistic is therefore shown beside the
same statistic with every answer re-paired with another question of the same interview:
``n_draws`` uniformly random permutations of the questions within every interview
(:func:`scotext.inference.permutation.within_group_permutations`: every question is used
once, so the number of question frames is the same in every draw; an answer keeps its own
question with probability 1/k in an interview of k pairs, which is what makes the p-value
valid), seeded. Reported: the null mean, the central ``level`` range of the draws and the
Phipson-Smyth p, (1 + #{null >= observed}) / (1 + n_draws) for adoption (one-sided: an
answer takes up its own question's frames more than another question's) and two-sided
(distance from the null mean) for shift. An interview with a single pair cannot be
re-paired: its pair keeps its question in every draw (``n_pairs_alone``), which dilutes the
difference but does not bias the test.

Adoption lift (:func:`adoption_lift`), per frame f over all pairs:
P(f in answer | f in question) / P(f in answer | f not in question), with a percentile
interval from the two-stage cluster bootstrap (interviews, then pairs within each drawn
interview; :func:`scotext.inference.bootstrap.cluster_bootstrap`), and its value under the
same re-pairing null (mean, range, one-sided p): an interview about one subject raises the
lift above 1 even when answers ignore their questions, so the null, not 1, is the baseline.
BH q over the frames with a defined lift (one family per scope).

``note``: these contrasts are within-interview (each answer is compared with the question
it answers, in the same document), so they are free of the speaker/year confound between
documents; a comparison of the rates BETWEEN the two Secretaries-General is again a
comparison of their documents and years.
"""

from __future__ import annotations

import numpy as np

from .codebook import NONE_FRAME

SEP = " | "
NOTE = ("Within-interview contrast: each answer is compared with the question it answers in "
        "the same document, so adoption and shift are free of the speaker/year confound "
        "between documents; comparing these rates between speakers compares their documents "
        "and years again.")

PAIR_COLUMNS = ["doc_id", "q_turn", "a_turn", "interviewer", "speaker", "year",
                "n_q_segments", "n_a_segments", "q_frames",
                "a_frames", "n_q_frames", "n_a_frames", "adopted", "new", "dropped",
                "n_adopted", "n_new", "shift", "a_first_frames"]
SCOPES = {"answer": "a_frames", "first_paragraph": "a_first_frames"}


def turn_frames(frame_segments):
    """One row per (doc_id, turn): role, speaker, year, frames present (list, codebook
    order), first_frames (the frames of the turn's first paragraph, in table order),
    n_segments, all_duplicate (every segment a near-duplicate)."""
    from .table import frame_ids, is_wide, present_cells

    need = {"doc_id", "turn", "role", "speaker", "segment_id"}
    if not is_wide(frame_segments):
        need |= {"frame", "present"}
    missing = sorted(need - set(frame_segments.columns))
    if missing:
        raise ValueError(f"frame_segments lacks the column(s) {missing}")
    frames = frame_ids(frame_segments)
    fs = frame_segments.copy()
    if "is_duplicate" not in fs:
        fs["is_duplicate"] = False
    if "year" not in fs:
        fs["year"] = np.nan
    key = ["doc_id", "turn"]
    roles = fs.groupby(key, sort=False)["role"].nunique()
    if (roles > 1).any():
        d, t = roles[roles > 1].index[0]
        raise ValueError(f"turn {t} of document {d} has segments of more than one role")
    seg = fs.drop_duplicates("segment_id")
    info = seg.groupby(key, sort=True).agg(
        role=("role", "first"), speaker=("speaker", "first"), year=("year", "first"),
        n_segments=("segment_id", "size"),
        all_duplicate=("is_duplicate", lambda s: bool(s.fillna(False).astype(bool).all())))
    first = set(seg.groupby(key, sort=False)["segment_id"].first().astype(str))
    cells = present_cells(fs, columns=key + ["segment_id"])
    pres = cells.groupby(key)["frame"].agg(set)
    pres_first = (cells[cells["segment_id"].astype(str).isin(first)]
                  .groupby(key)["frame"].agg(set))
    order = {f: i for i, f in enumerate(frames)}
    info["frames"] = [sorted(pres.get(k, set()), key=order.get) for k in info.index]
    info["first_frames"] = [sorted(pres_first.get(k, set()), key=order.get)
                            for k in info.index]
    return info.reset_index()


def qa_pairs(frame_segments, *, question_role: str = "question", answer_roles=("answer",),
             include_duplicates: bool = False):
    """Question-answer pairs with their frames (see module docstring)."""
    import pandas as pd

    if isinstance(answer_roles, str):
        answer_roles = [answer_roles]
    turns = turn_frames(frame_segments)
    rows = []
    for doc_id, t in turns.groupby("doc_id", sort=True):
        t = t.sort_values("turn", kind="stable")
        pending = None
        for rec in t.to_dict("records"):
            if rec["role"] == question_role:
                pending = rec                       # an earlier unanswered question is dropped
            elif rec["role"] in answer_roles and pending is not None:
                q, a = pending, rec
                pending = None
                if not include_duplicates and (q["all_duplicate"] or a["all_duplicate"]):
                    continue
                qf, af = q["frames"], a["frames"]
                adopted = [f for f in qf if f in af]
                new = [f for f in af if f not in qf]
                dropped = [f for f in qf if f not in af]
                rows.append({"doc_id": doc_id, "q_turn": int(q["turn"]), "a_turn": int(a["turn"]),
                             "interviewer": q["speaker"], "speaker": a["speaker"],
                             "year": a["year"], "n_q_segments": int(q["n_segments"]),
                             "n_a_segments": int(a["n_segments"]), "q_frames": SEP.join(qf),
                             "a_frames": SEP.join(af), "n_q_frames": len(qf),
                             "n_a_frames": len(af), "adopted": SEP.join(adopted),
                             "new": SEP.join(new), "dropped": SEP.join(dropped),
                             "n_adopted": len(adopted), "n_new": len(new),
                             "shift": len(new) > 0,
                             "a_first_frames": SEP.join(a["first_frames"])})
    return pd.DataFrame(rows, columns=PAIR_COLUMNS)


def _split(s: str) -> list[str]:
    return [x for x in str(s).split(SEP) if x] if isinstance(s, str) else []


def transition_counts(pairs, frames=None):
    """Counts of (question_frame, answer_frame) over the pairs, "none" for an empty side.

    ``frames``: the frame ids in order (e.g. ``codebook.ids``): the table then has every
    combination of frames + "none" (zeros included), in that order; default: only the
    observed combinations, frames in order of first appearance. Columns: question_frame,
    answer_frame, count, n_pairs_q, share_of_q, n_pairs (all pairs).
    """
    import pandas as pd

    counts: dict[tuple[str, str], int] = {}
    n_q: dict[str, int] = {}
    seen: list[str] = []
    for qs, as_ in zip(pairs["q_frames"], pairs["a_frames"]):
        q = _split(qs) or [NONE_FRAME]
        a = _split(as_) or [NONE_FRAME]
        for f in q + a:
            if f not in seen:
                seen.append(f)
        for fq in q:
            n_q[fq] = n_q.get(fq, 0) + 1
            for fa in a:
                counts[(fq, fa)] = counts.get((fq, fa), 0) + 1
    if frames is not None:
        order = [f for f in frames if f != NONE_FRAME] + [NONE_FRAME]
        unknown = sorted(set(seen) - set(order))
        if unknown:
            raise ValueError(f"pairs hold frames not in `frames`: {unknown}")
        keys = [(fq, fa) for fq in order for fa in order]
    else:
        order = [f for f in seen if f != NONE_FRAME] + ([NONE_FRAME] if NONE_FRAME in seen else [])
        rank = {f: i for i, f in enumerate(order)}
        keys = sorted(counts, key=lambda k: (rank[k[0]], rank[k[1]]))
    rows = []
    for fq, fa in keys:
        c = counts.get((fq, fa), 0)
        nq = n_q.get(fq, 0)
        rows.append({"question_frame": fq, "answer_frame": fa, "count": c, "n_pairs_q": nq,
                     "share_of_q": c / nq if nq else np.nan, "n_pairs": len(pairs)})
    return pd.DataFrame(rows, columns=["question_frame", "answer_frame", "count", "n_pairs_q",
                                       "share_of_q", "n_pairs"])


def frame_matrix(pairs, column: str, frames) -> np.ndarray:
    """pairs x frames 0/1 matrix of the frame lists in ``column`` ("a | b" strings)."""
    pos = {f: j for j, f in enumerate(frames)}
    m = np.zeros((len(pairs), len(frames)))
    for i, cell in enumerate(pairs[column].tolist()):
        for f in _split(cell):
            if f not in pos:
                raise ValueError(f"pairs hold frame {f!r}, not in `frames`")
            m[i, pos[f]] = 1.0
    return m


def _pair_stats(Q, A):
    """Per pair (last axis of Q/A is frames): question frames also in the answer, question
    frames, and whether the answer introduces a frame the question lacks."""
    overlap = (Q * A).sum(axis=-1)
    nq = Q.sum(axis=-1)
    new = ((A * (1.0 - Q)).sum(axis=-1) > 0).astype(np.float64)
    return overlap, nq, new


def _null_row(observed, draws, alternative, level):
    from scotext.inference.permutation import null_summary

    d = np.asarray(draws, dtype=np.float64)
    d = d[~np.isnan(d)]
    if d.size == 0 or np.isnan(observed):
        return {"null_mean": np.nan, "null_low": np.nan, "null_high": np.nan, "p": np.nan}
    finite = np.isfinite(d).all()
    s = null_summary(np.clip(observed, -1e300, 1e300), np.clip(d, -1e300, 1e300),
                     level=level, alternative=alternative)
    back = (lambda x: np.inf if x >= 1e297 else (-np.inf if x <= -1e297 else x))
    return {"null_mean": s["null_mean"] if finite else np.inf * np.sign(d[~np.isfinite(d)][0]),
            "null_low": back(s["null_low"]), "null_high": back(s["null_high"]), "p": s["p"]}


def _bitmasks(m: np.ndarray) -> np.ndarray:
    """pairs x frames 0/1 -> pairs x words int64 bit masks (63 frames per word)."""
    n, F = m.shape
    W = max(1, -(-F // 63))
    out = np.zeros((n, W), dtype=np.int64)
    for f in range(F):
        out[:, f // 63] |= m[:, f].astype(np.int64) << (f % 63)
    return out


def _null_draws(pairs, frames, scopes, member, *, n_draws: int, seed: int, max_cells):
    """The re-pairing null of every scope from the same draws: scope -> (adoption draws x
    groups, shift draws x groups, lift draws x frames). Frame sets are bit masks, so a
    draw costs a few integer operations per pair."""
    from scotext.inference.permutation import MAX_PERM_CELLS, within_group_permutations

    F = len(frames)
    n = len(pairs)
    G = member.shape[1]
    Q = frame_matrix(pairs, "q_frames", frames)
    Qm = _bitmasks(Q)
    nQ = Q.sum(axis=0)
    out = {}
    for scope in scopes:
        A = frame_matrix(pairs, SCOPES[scope], frames)
        out[scope] = (_bitmasks(A), A.sum(axis=0), np.full((n_draws, G), np.nan),
                      np.full((n_draws, G), np.nan), np.full((n_draws, F), np.nan))
    if n == 0:
        return {k: v[2:] for k, v in out.items()}
    W = Qm.shape[1]
    cells = max(1, (MAX_PERM_CELLS if max_cells is None else int(max_cells)) // W)
    n_pairs_g = member.sum(axis=0)
    docs = pairs["doc_id"].astype(str).to_numpy()
    for start, stop, perm in within_group_permutations(docs, n_draws, seed, max_cells=cells):
        Qp = Qm[perm]                                          # draws x pairs x words
        nq = np.bitwise_count(Qp).sum(axis=2).astype(np.float64) @ member
        for scope in scopes:
            Am, nA, adopt, shift, lift = out[scope]
            both = Qp & Am[None]
            ov = np.bitwise_count(both).sum(axis=2).astype(np.float64)
            new = ((Am[None] & ~Qp) != 0).any(axis=2).astype(np.float64)
            with np.errstate(invalid="ignore", divide="ignore"):
                adopt[start:stop] = (ov @ member) / nq
                shift[start:stop] = (new @ member) / n_pairs_g
                for f in range(F):
                    qa = ((both[:, :, f // 63] >> (f % 63)) & 1).sum(axis=1)
                    lift[start:stop, f] = (qa / nQ[f]) / ((nA[f] - qa) / (n - nQ[f]))
    return {k: v[2:] for k, v in out.items()}


def transition_null(pairs, frames, *, n_draws: int, seed: int, level: float = 0.95,
                    scope: str = "answer", by: str = "speaker", max_cells: int | None = None,
                    max_draws: int | None = None, scopes=None):
    """Adoption and shift against the within-interview re-pairing null (module docstring).

    Returns ``(group_rows, lift_draws)``: one dict per group (``by`` groups sorted, then
    "all") with the observed rates, their Clopper-Pearson intervals and the null columns;
    and the null draws of the per-frame lift (draws x frames) for :func:`adoption_lift`.
    With ``scopes`` (a list), every scope is computed from the same draws and the rows of
    all scopes are returned with a dict scope -> lift draws. ``max_draws`` (as
    ``framing.max_perm_draws``): very large corpora draw ``max(200, max_draws // pairs)``
    re-pairings instead of ``n_draws``
    (:func:`scotext.inference.permutation.random_assignments`); ``n_null_draws`` says how
    many were drawn.
    """
    import pandas as pd

    from scotext.inference.exact import clopper_pearson
    from scotext.inference.permutation import random_assignments

    several = scopes is not None
    scopes = list(scopes) if several else [scope]
    bad = [s for s in scopes if s not in SCOPES]
    if bad:
        raise ValueError(f"scope must be one of {sorted(SCOPES)}, got {bad}")
    frames = [f for f in frames if f != NONE_FRAME]
    n = len(pairs)
    n_draws = random_assignments(n_draws, max(n, 1), max_draws)
    docs = pairs["doc_id"].astype(str).to_numpy()
    labels = sorted(pairs[by].astype(str).unique()) if n else []
    member = np.zeros((n, len(labels) + 1))
    codes = pd.Index(labels).get_indexer(pairs[by].astype(str)) if n else np.zeros(0, int)
    member[np.arange(n), codes] = 1.0
    member[:, -1] = 1.0
    names = labels + ["all"]
    per_doc = pd.Series(docs).value_counts()
    alone = set(per_doc.index[per_doc < 2])
    n_alone = np.array([int(np.isin(docs[member[:, g] > 0], list(alone)).sum())
                        for g in range(len(names))])
    nulls = _null_draws(pairs, frames, scopes, member, n_draws=n_draws, seed=seed,
                        max_cells=max_cells)
    Q = frame_matrix(pairs, "q_frames", frames)
    rows, lifts = [], {}
    for sc in scopes:
        A = frame_matrix(pairs, SCOPES[sc], frames)
        adopt_null, shift_null, lifts[sc] = nulls[sc]
        overlap, nq, new = _pair_stats(Q, A)
        obs_adopt_num, obs_q = overlap @ member, nq @ member
        obs_shift_num, obs_n = new @ member, member.sum(axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            obs_adopt = obs_adopt_num / obs_q
            obs_shift = obs_shift_num / obs_n
        a_lo, a_hi = clopper_pearson(obs_adopt_num, obs_q, level)
        s_lo, s_hi = clopper_pearson(obs_shift_num, obs_n, level)
        for g, name in enumerate(names):
            ad = (_null_row(obs_adopt[g], adopt_null[:, g], "greater", level) if obs_q[g]
                  else _null_row(np.nan, [], "greater", level))
            sh = (_null_row(obs_shift[g], shift_null[:, g], "two-sided", level) if obs_n[g]
                  else _null_row(np.nan, [], "two-sided", level))
            rows.append({
                "scope": sc, "group_var": by if name != "all" else "all", "group": name,
                "n_pairs": int(obs_n[g]),
                "n_interviews": int(len(set(docs[member[:, g] > 0]))),
                "n_question_frames": int(obs_q[g]), "n_adopted": int(obs_adopt_num[g]),
                "adoption_rate": obs_adopt[g] if obs_q[g] else np.nan,
                "adoption_ci_low": a_lo[g] if obs_q[g] else np.nan,
                "adoption_ci_high": a_hi[g] if obs_q[g] else np.nan,
                "adoption_null_mean": ad["null_mean"], "adoption_null_low": ad["null_low"],
                "adoption_null_high": ad["null_high"], "adoption_p": ad["p"],
                "n_questions_without_frame": int(((nq == 0) & (member[:, g] > 0)).sum()),
                "n_shift": int(obs_shift_num[g]), "shift_rate": obs_shift[g],
                "shift_ci_low": s_lo[g], "shift_ci_high": s_hi[g],
                "shift_null_mean": sh["null_mean"], "shift_null_low": sh["null_low"],
                "shift_null_high": sh["null_high"], "shift_p": sh["p"],
                "n_null_draws": int(n_draws), "n_pairs_alone": int(n_alone[g])})
    return (rows, lifts) if several else (rows, lifts[scopes[0]])


RATE_COLUMNS = ["scope", "group_var", "group", "n_pairs", "n_interviews", "n_question_frames",
                "n_adopted", "adoption_rate", "adoption_ci_low", "adoption_ci_high",
                "adoption_null_mean", "adoption_null_low", "adoption_null_high", "adoption_p",
                "n_questions_without_frame", "n_shift", "shift_rate", "shift_ci_low",
                "shift_ci_high", "shift_null_mean", "shift_null_low", "shift_null_high",
                "shift_p", "n_null_draws", "n_pairs_alone", "note"]

LIFT_COLUMNS = ["scope", "frame", "n_pairs", "n_interviews", "n_q", "n_a_given_q", "n_not_q",
                "n_a_given_not_q", "p_a_given_q", "p_a_given_not_q", "lift", "ci_low",
                "ci_high", "null_mean", "null_low", "null_high", "p", "q_bh", "family_size",
                "note"]


def null_note(n_draws: int, seed: int) -> str:
    return (NOTE + f" Null: the answers re-paired at random with the questions of their own "
            f"interview ({n_draws} uniform permutations within interviews, seed {seed}); p for "
            "adoption one-sided (above the null), for shift two-sided; intervals of the "
            "observed rates exact (Clopper-Pearson), treating question frames and pairs as "
            "independent: they describe these interviews.")


def adoption_rates(pairs, frames=None, by: str = "speaker", *, n_draws: int = 1000,
                   seed: int = 0, level: float = 0.95, scopes=tuple(SCOPES),
                   max_draws: int | None = None):
    """The rate table (:data:`RATE_COLUMNS`): per scope, per ``by`` group and over all
    pairs ("all"), adoption and shift with exact intervals and the re-pairing null.
    ``frames``: the frame ids (default: those found in the pairs, sorted)."""
    import pandas as pd

    frames = _frames_of(pairs) if frames is None else list(frames)
    rows, _ = transition_null(pairs, frames, n_draws=n_draws, seed=seed, level=level, by=by,
                              max_draws=max_draws, scopes=scopes)
    out = pd.DataFrame(rows, columns=RATE_COLUMNS)
    out["note"] = null_note(int(out["n_null_draws"].max()) if len(out) else n_draws, seed)
    return out


def _frames_of(pairs):
    seen = set()
    for col in ("q_frames", "a_frames"):
        for cell in pairs[col].tolist():
            seen.update(_split(cell))
    return sorted(seen)


def adoption_lift(pairs, frames, *, n_boot: int, n_draws: int, seed: int,
                  level: float = 0.95, two_stage: bool = True,
                  two_stage_max_clusters: int | None = None, scopes=tuple(SCOPES),
                  lift_null: dict | None = None):
    """The lift table (:data:`LIFT_COLUMNS`), one row per scope and frame (module
    docstring). The bootstrap and the null use ``seed``; ``lift_null``: scope -> the null
    draws of :func:`transition_null` when already drawn (the same draws)."""
    import pandas as pd

    from scotext.inference.bootstrap import cluster_bootstrap, percentile_interval_inf
    from scotext.inference.multiplicity import bh_subset

    frames = [f for f in frames if f != NONE_FRAME]
    F = len(frames)
    rows = []
    for scope in scopes:
        n = len(pairs)
        Q = frame_matrix(pairs, "q_frames", frames)
        A = frame_matrix(pairs, SCOPES[scope], frames)
        docs = pairs["doc_id"].astype(str).to_numpy()
        null = (lift_null or {}).get(scope)
        if null is None:
            null = transition_null(pairs, frames, n_draws=n_draws, seed=seed, level=level,
                                   scope=scope)[1]
        nQ, nA = Q.sum(axis=0), A.sum(axis=0)
        nQA = (Q * A).sum(axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            pq = nQA / nQ
            pnq = (nA - nQA) / (n - nQ)
            lift = pq / pnq
        lo = np.full(F, np.nan)
        hi = np.full(F, np.nan)
        if n:
            num = np.hstack([Q * A, Q, (1 - Q) * A, 1 - Q])
            _, _, reps, _, _ = cluster_bootstrap(num, np.ones(n), np.zeros(n), docs, n_boot,
                                                 seed, two_stage, two_stage_max_clusters)
            r = reps[0]
            with np.errstate(invalid="ignore", divide="ignore"):
                r_q = np.where(r[:, F:2 * F] > 0, r[:, :F] / r[:, F:2 * F], np.nan)
                r_nq = np.where(r[:, 3 * F:] > 0, r[:, 2 * F:3 * F] / r[:, 3 * F:], np.nan)
                r_lift = r_q / r_nq
            for f in range(F):
                lo[f], hi[f] = percentile_interval_inf(r_lift[:, f], level)
        nulls = [_null_row(lift[f], null[:, f], "greater", level) for f in range(F)]
        p = np.array([x["p"] for x in nulls])
        defined = ~np.isnan(p)
        q = bh_subset(np.where(defined, p, 1.0), defined)
        for f, frame in enumerate(frames):
            rows.append({"scope": scope, "frame": frame, "n_pairs": n,
                         "n_interviews": len(set(docs)), "n_q": int(nQ[f]),
                         "n_a_given_q": int(nQA[f]), "n_not_q": int(n - nQ[f]),
                         "n_a_given_not_q": int(nA[f] - nQA[f]), "p_a_given_q": pq[f],
                         "p_a_given_not_q": pnq[f], "lift": lift[f], "ci_low": lo[f],
                         "ci_high": hi[f], "null_mean": nulls[f]["null_mean"],
                         "null_low": nulls[f]["null_low"], "null_high": nulls[f]["null_high"],
                         "p": nulls[f]["p"], "q_bh": q[f], "family_size": int(defined.sum()),
                         "note": ""})
    out = pd.DataFrame(rows, columns=LIFT_COLUMNS)
    out["note"] = (f"Lift = P(frame in answer | in question) / P(frame in answer | not in "
                   f"question); interval: percentile, {'two-stage ' if two_stage else ''}"
                   f"cluster bootstrap over interviews{' then pairs' if two_stage else ''} "
                   f"({n_boot} replicates); null: answers re-paired at random with the "
                   f"questions of their interview ({n_draws} permutations), p one-sided; q_bh: "
                   "Benjamini-Hochberg over the frames with a defined lift in this scope "
                   "(family_size). Lift is infinite where no answer without the frame in its "
                   "question has it, undefined where no question (or every question) has it.")
    return out


def transition_tables(pairs, frames, *, n_draws: int, n_boot: int, seed: int,
                      level: float = 0.95, two_stage: bool = True,
                      two_stage_max_clusters: int | None = None, by: str = "speaker",
                      max_draws: int | None = None):
    """``(rates, lift)``: :func:`adoption_rates` and :func:`adoption_lift` from one set of
    null draws per scope."""
    import pandas as pd

    rows, nulls = transition_null(pairs, frames, n_draws=n_draws, seed=seed, level=level,
                                  by=by, max_draws=max_draws, scopes=list(SCOPES))
    rates = pd.DataFrame(rows, columns=RATE_COLUMNS)
    n_draws = int(rates["n_null_draws"].max()) if len(rates) else n_draws
    rates["note"] = null_note(n_draws, seed)
    lift = adoption_lift(pairs, frames, n_boot=n_boot, n_draws=n_draws, seed=seed,
                         level=level, two_stage=two_stage,
                         two_stage_max_clusters=two_stage_max_clusters, lift_null=nulls)
    return rates, lift
