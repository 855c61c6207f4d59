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

Rates (:func:`adoption_rates`), per answering speaker and over all pairs:

- ``adoption_rate`` = (question frames also present in the answer) / (question frames),
  pooled over the group's pairs (frames of questions without frames do not enter);
- ``shift_rate`` = share of pairs whose answer introduces at least one frame absent from the
  question (including answers to questions without frames that have any frame).

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
                "n_adopted", "n_new", "shift"]


def turn_frames(frame_segments):
    """One row per (doc_id, turn): role, speaker, year, frames present (list, codebook
    order), n_segments, all_duplicate (every segment a near-duplicate)."""
    import pandas as pd

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
    pres = present_cells(fs, columns=key).groupby(key)["frame"].agg(set)
    order = {f: i for i, f in enumerate(frames)}
    info["frames"] = [sorted(pres.get(k, set()), key=order.get) for k in info.index]
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
                             "shift": len(new) > 0})
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


def adoption_rates(pairs, by: str = "speaker"):
    """Frame-adoption and frame-shift rates per ``by`` group and over all pairs ("all").

    Columns: group_var, group, n_pairs, n_question_frames, n_adopted, adoption_rate,
    n_questions_without_frame, n_shift, shift_rate, note.
    """
    import pandas as pd

    def row(group, p):
        nqf = int(p["n_q_frames"].sum())
        nad = int(p["n_adopted"].sum())
        n = len(p)
        nsh = int(p["shift"].astype(bool).sum())
        return {"group_var": by, "group": group, "n_pairs": n, "n_question_frames": nqf,
                "n_adopted": nad, "adoption_rate": nad / nqf if nqf else np.nan,
                "n_questions_without_frame": int((p["n_q_frames"] == 0).sum()),
                "n_shift": nsh, "shift_rate": nsh / n if n else np.nan, "note": NOTE}

    rows = [row(str(g), p) for g, p in pairs.groupby(by, sort=True)] if len(pairs) else []
    rows.append(row("all", pairs))
    return pd.DataFrame(rows)
