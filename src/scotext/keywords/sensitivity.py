"""How much the key terms (and the signs of the frame contrasts) depend on choices nobody
would otherwise report: a variant grid in the spirit of Denny & Spirling (2018, preText).

Each variant (config ``keywords.sensitivity.variants``) changes one or more choices of the
main analysis and the key terms of every contrast are computed again with the same code
(:func:`scotext.keywords.keyness.ranking`, :func:`~scotext.keywords.keyness.side_ranks`):

- ``standard_stopwords``: another standard stop list (``project`` | ``sklearn`` | ``none``;
  :func:`scotext.corpus.tokens.load_stopwords`);
- ``lemmas: false``: each word's lower-case, spelling-normalised form instead of its lemma
  (:class:`WordTokenizer`; lemma overrides are not applied either);
- ``multiword: false``: no multi-word expressions joined;
- ``min_count``, ``min_segments``, ``alpha0``: the ranking's minimums and prior weight;
- ``roles``: which segments are the official's words (e.g. reported speech out);
- ``swap_duplicates``: the other version of a duplicated event as canonical
  (:func:`swap_canonical`): ``segments`` (or ``true``) keeps every flagged copy and flags its
  canonical partner, segment by segment (the fuller document's own paragraphs stay);
  ``documents`` keeps the other version *whole*: every document holding flagged copies
  replaces the documents it copies (their paragraphs leave the analysis, copied or not);
- ``frame_roles``: the roles of the frame contrasts (e.g. reported speech in).

Token variants re-tokenise the cleaned text (``segments.csv`` column ``text``) with a
:class:`scotext.corpus.tokens.Tokenizer` built from the config and the variant; the others
reuse the analysis tokens of the corpus stage (column ``tokens``). The main analysis is
recomputed in the same way from the ``tokens`` column, so on the whole corpus its top terms
are those of ``keyness.csv``.

For every contrast and side: the overlap of the top-N terms of the variant with those of the
main analysis, and what chance gives: if the variant's N terms were a random draw from the
main analysis's ranked terms of that side (``pool``), the overlap would be hypergeometric,
with mean ``n_main · n_variant / pool`` (``chance_overlap``) and 97.5% quantile
``chance_high``. ``spearman_z``: rank correlation of z between the main analysis and the
variant over the terms ranked in both (the whole ranking, not only its top). A term whose
form changes with the variant (a lemma against its inflected word, a multi-word token
against its parts) counts as not shared.

Frame contrasts (variants that change which text is analysed: ``roles``/``frame_roles``,
``swap_duplicates``): the difference in the share of segments with each frame between every
pair of speakers (sorted names, a - b), scored by :func:`scotext.framing.match.score_segments`
with the framing stage's codebook and the corpus Tokenizer (read-only use of the framing
code), and whether its sign agrees with the main analysis.

Scale: with more than ``max_docs`` documents the grid runs on a sample of documents drawn
per period in proportion to its size (at least one per period; seeded), and the main
analysis it is compared with is recomputed on the same sample (``n_docs_used`` says so).

Denny, M. J. & Spirling, A. (2018). Text preprocessing for unsupervised learning: why it
matters, when it misleads, and what to do about it. *Political Analysis* 26(2), 168-189.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

import numpy as np

from scotext.corpus.tokens import Tokenizer, fold_diacritics

TOKEN_KEYS = ("standard_stopwords", "lemmas", "multiword")
RANKING_KEYS = ("min_count", "min_segments", "alpha0")
TEXT_KEYS = ("roles", "swap_duplicates")
FRAME_KEYS = ("frame_roles", "swap_duplicates")
VARIANT_KEYS = ("name",) + TOKEN_KEYS + RANKING_KEYS + ("roles", "swap_duplicates",
                                                        "frame_roles")

SENSITIVITY_COLUMNS = ["variant", "changes", "contrast", "side", "n_main", "n_variant",
                       "overlap", "overlap_share", "pool", "chance_overlap", "chance_high",
                       "spearman_z", "n_shared_ranked", "n_docs_used", "entered", "left",
                       "top_main", "top_variant"]
FRAME_SIGN_COLUMNS = ["variant", "changes", "speaker_a", "speaker_b", "frame", "share_a_main",
                      "share_b_main", "difference_main", "share_a", "share_b", "difference",
                      "same_sign", "n_segments_a", "n_segments_b", "n_docs_used"]


class WordTokenizer(Tokenizer):
    """The corpus Tokenizer without lemmatisation: a word's "lemma" is its lower-case,
    spelling-normalised form (diacritics folded if configured); multi-word expressions,
    stopwords and the other settings work as in the parent."""

    def lemma(self, word: str) -> str:
        hit = self._lemma_cache.get(word)
        if hit is None:
            form = fold_diacritics(word) if self.fold_diacritics else word
            hit = self._lemma_cache[word] = self.spelling.get(form, form)
        return hit


def variant_tokenizer(base: Tokenizer, *, stopwords=None, lemmas: bool = True,
                      multiword: bool = True) -> Tokenizer:
    """A Tokenizer like ``base`` with another stop list, without lemmas or without
    multi-word expressions."""
    tok = base
    if stopwords is not None:
        tok = replace(tok, stopwords=frozenset(stopwords))
    if not multiword:
        tok = replace(tok, multiword=[])
    if not lemmas:
        tok = WordTokenizer(**{f.name: getattr(tok, f.name) for f in fields(Tokenizer)})
    return tok


def describe(variant: dict) -> str:
    """The changes of a variant in words (the ``changes`` column)."""
    parts = []
    for key in VARIANT_KEYS[1:]:
        if key not in variant:
            continue
        v = variant[key]
        if key == "standard_stopwords":
            parts.append(f"standard stop list: {v}")
        elif key == "lemmas":
            parts.append("lemmas" if v else "plain lower-cased words (no lemmas)")
        elif key == "multiword":
            parts.append("multi-word expressions joined" if v else "no multi-word expressions")
        elif key in ("roles", "frame_roles"):
            what = "keyword roles" if key == "roles" else "frame roles"
            parts.append(f"{what}: {', '.join(v)}")
        elif key == "swap_duplicates":
            if v == "documents":
                parts.append("the other version of each duplicated event kept whole")
            elif v:
                parts.append("the other version of each duplicated segment kept")
        else:
            parts.append(f"{key} = {v}")
    return "; ".join(parts) or "as the main analysis"


def check_variants(variants) -> list[dict]:
    """The variants as dicts; names unique, keys known (ValueError naming the variant)."""
    out, seen = [], set()
    for i, v in enumerate(variants or [], start=1):
        v = dict(v)
        name = str(v.get("name", ""))
        if not name:
            raise ValueError(f"keywords.sensitivity.variants item {i}: a variant needs a name")
        if name in seen:
            raise ValueError(f"keywords.sensitivity.variants: the name '{name}' is used twice")
        unknown = sorted(set(v) - set(VARIANT_KEYS))
        if unknown:
            raise ValueError(f"keywords.sensitivity.variants '{name}': unknown key(s) "
                             f"{', '.join(unknown)} (known: {', '.join(VARIANT_KEYS[1:])})")
        seen.add(name)
        out.append(v)
    return out


def swap_canonical(segments, mode="segments") -> np.ndarray:
    """``is_duplicate`` with the other version of each duplicated event as canonical.

    ``mode="segments"`` (or True): each segment that some flagged copy duplicates is
    flagged, and the first of its copies (corpus order) is kept instead; copies of a segment
    that is not in the table keep their flag. ``mode="documents"``: every document that
    holds flagged copies is kept whole (all its segments unflagged) and every document it
    copies from is left out whole (all its segments flagged), so the event is represented
    by the other version alone."""
    ids = segments["segment_id"].astype(str).to_numpy()
    dup = segments["is_duplicate"].to_numpy(dtype=bool).copy()
    of = segments["duplicate_of"].astype(str).to_numpy()
    if mode is True:
        mode = "segments"
    if mode == "documents":
        docs = segments["doc_id"].astype(str).to_numpy()
        doc_of = dict(zip(ids, docs))
        copies = {d for d, f in zip(docs, dup) if f}
        sources = {doc_of[o] for o, f in zip(of, dup) if f and o in doc_of} - copies
        return np.isin(docs, sorted(sources)) | (dup & ~np.isin(docs, sorted(copies)))
    if mode != "segments":
        raise ValueError(f"swap_duplicates: segments, documents or true, got {mode!r}")
    position = {s: i for i, s in enumerate(ids)}
    out = dup.copy()
    seen: set[str] = set()
    for i in np.flatnonzero(dup):
        canon = of[i]
        j = position.get(canon)
        if j is None or canon in seen:
            continue
        seen.add(canon)
        out[j] = True
        out[i] = False
    return out


def sample_documents(doc_ids, doc_periods, max_docs: int, seed: int) -> list[str]:
    """All documents, or at most about ``max_docs`` of them drawn per period in proportion
    to its number of documents (at least one per period), sorted; seeded."""
    doc_ids = [str(d) for d in doc_ids]
    if max_docs <= 0 or len(doc_ids) <= max_docs:
        return sorted(doc_ids)
    rng = np.random.default_rng(seed)
    by_period: dict[str, list[str]] = {}
    for d, p in zip(doc_ids, doc_periods):
        by_period.setdefault(str(p), []).append(d)
    chosen = []
    for p in sorted(by_period):
        docs = sorted(by_period[p])
        k = max(1, int(round(max_docs * len(docs) / len(doc_ids))))
        chosen += [docs[i] for i in sorted(rng.choice(len(docs), size=min(k, len(docs)),
                                                      replace=False))]
    return sorted(chosen)


def count_matrix(token_lists):
    """Units × terms CSR of token counts and the sorted vocabulary."""
    from scipy import sparse

    vocab = sorted({t for toks in token_lists for t in toks})
    index = {t: i for i, t in enumerate(vocab)}
    indptr = [0]
    indices: list[int] = []
    for toks in token_lists:
        indices.extend(index[t] for t in toks)
        indptr.append(len(indices))
    m = sparse.csr_matrix((np.ones(len(indices)), np.asarray(indices, dtype=np.int64),
                           np.asarray(indptr, dtype=np.int64)), shape=(len(token_lists),
                                                                         len(vocab)))
    m.sum_duplicates()
    return m, vocab


@dataclass
class Ranking:
    """The ranking of one contrast: per side its ranked terms in rank order, and z of
    every ranked term."""

    sides: dict      # side label -> list of ranked terms, rank order
    z: dict          # term -> z (ranked terms only)


def rank_contrasts(counts, vocab, periods, docs, contrasts, *, alpha0: float, min_count: int,
                   min_segments: int) -> dict[str, Ranking]:
    """The ranking of every contrast whose two sides have tokens (name -> Ranking)."""
    from scotext.keywords.keyness import ranking, side_ranks

    periods = np.asarray(periods, dtype=object)
    present = (counts > 0).astype(np.int64)
    vocab = np.asarray(vocab, dtype=object)
    out = {}
    for con in contrasts:
        ra = np.isin(periods, con.a)
        rb = np.isin(periods, con.b)
        a = np.asarray(counts[ra].sum(axis=0)).ravel()
        b = np.asarray(counts[rb].sum(axis=0)).ravel()
        ta, tb = a.sum(), b.sum()
        if not (ta > 0 and tb > 0):
            continue
        n_seg = np.asarray(present[ra | rb].sum(axis=0)).ravel()
        keep = (a + b) > 0
        _, z, ranked = ranking(a[keep], b[keep], ta, tb, n_seg[keep], alpha0=alpha0,
                               min_count=min_count, min_segments=min_segments)
        favours, rank = side_ranks(z, ranked, con.label_a, con.label_b)
        terms = vocab[keep]
        sides = {}
        for side in (con.label_a, con.label_b):
            sel = np.flatnonzero((favours == side) & (rank > 0))
            sides[side] = [str(t) for t in terms[sel[np.argsort(rank[sel], kind="stable")]]]
        out[con.name] = Ranking(sides, {str(t): float(v) for t, v in
                                        zip(terms[ranked], z[ranked])})
    return out


def chance_overlap(pool: int, n_main: int, n_variant: int, level: float = 0.975):
    """``(mean, quantile)`` of the overlap of a random ``n_variant``-subset of ``pool``
    terms with ``n_main`` given ones (hypergeometric)."""
    from scipy import stats

    if pool <= 0:
        return float("nan"), float("nan")
    n_variant = min(n_variant, pool)
    return (n_main * n_variant / pool,
            float(stats.hypergeom.ppf(level, pool, min(n_main, pool), n_variant)))


def compare_rankings(main: dict, variant: dict, *, top_n: int, name: str, changes: str,
                     n_docs_used: int):
    """Rows of :data:`SENSITIVITY_COLUMNS` for every contrast of ``main``."""
    from scipy import stats

    rows = []
    for contrast, m in main.items():
        v = variant.get(contrast)
        shared = sorted(set(m.z) & set(v.z)) if v else []
        rho = float("nan")
        if len(shared) >= 3:
            rho = float(stats.spearmanr([m.z[t] for t in shared], [v.z[t] for t in shared])[0])
        for side, ranked in m.sides.items():
            top_m = ranked[:top_n]
            top_v = (v.sides.get(side, []) if v else [])[:top_n]
            both = set(top_m) & set(top_v)
            mean, high = chance_overlap(len(ranked), len(top_m), len(top_v))
            rows.append({
                "variant": name, "changes": changes, "contrast": contrast, "side": side,
                "n_main": len(top_m), "n_variant": len(top_v), "overlap": len(both),
                "overlap_share": len(both) / len(top_m) if top_m else float("nan"),
                "pool": len(ranked), "chance_overlap": mean, "chance_high": high,
                "spearman_z": rho, "n_shared_ranked": len(shared), "n_docs_used": n_docs_used,
                "entered": " ".join(t for t in top_v if t not in both),
                "left": " ".join(t for t in top_m if t not in both),
                "top_main": " ".join(top_m), "top_variant": " ".join(top_v)})
    return rows


def frame_differences(present, frames, speakers, mask):
    """``{(a, b): (share_a, share_b, n_a, n_b)}`` per frame for every pair of speakers
    (sorted) among the ``mask`` segments; shares are arrays over ``frames``."""
    import itertools

    speakers = np.asarray(speakers, dtype=object)
    names = sorted({str(s) for s in speakers[mask]})
    out = {}
    for a, b in itertools.combinations(names, 2):
        ia = mask & (speakers == a)
        ib = mask & (speakers == b)
        out[(a, b)] = (present[ia].mean(axis=0), present[ib].mean(axis=0), int(ia.sum()),
                       int(ib.sum()))
    return out


def frame_sign_rows(main: dict, variant: dict, frames, *, name: str, changes: str,
                    n_docs_used: int):
    rows = []
    for pair, (sa0, sb0, _, _) in main.items():
        if pair not in variant:
            continue
        sa, sb, na, nb = variant[pair]
        for f, frame in enumerate(frames):
            d0, d = sa0[f] - sb0[f], sa[f] - sb[f]
            rows.append({"variant": name, "changes": changes, "speaker_a": pair[0],
                         "speaker_b": pair[1], "frame": frame, "share_a_main": sa0[f],
                         "share_b_main": sb0[f], "difference_main": d0, "share_a": sa[f],
                         "share_b": sb[f], "difference": d,
                         "same_sign": bool(np.sign(d) == np.sign(d0)),
                         "n_segments_a": na, "n_segments_b": nb,
                         "n_docs_used": n_docs_used})
    return rows


def sensitivity(segments, contrasts, variants, *, base_tokenizer, stop_lists: dict,
                roles, include_duplicates: bool, period_map, alpha0: float, min_count: int,
                min_segments: int, top_n: int, frame_roles=None, compiled_codebook=None,
                frame_min_hits: int = 1, max_docs: int = 0, seed: int = 0, log=None):
    """``(key-term rows, frame-sign rows)`` of the variant grid (see module docstring).

    ``segments``: the segment table (``text``, ``tokens``, ``role``, ``speaker``, ``year``,
    ``doc_id``, ``segment_id``, ``is_duplicate``, ``duplicate_of``); ``stop_lists``: choice
    -> the stop word set of that standard list (domain list included);
    ``compiled_codebook``: the framing codebook compiled with the corpus Tokenizer (None:
    no frame rows)."""
    import pandas as pd

    from scotext.stagedata import select_units, unit_periods

    variants = check_variants(variants)
    doc_period = dict(zip(segments["doc_id"].astype(str),
                          unit_periods(segments["year"].to_numpy(), period_map)))
    chosen = set(sample_documents(list(doc_period), list(doc_period.values()), max_docs, seed))
    seg = segments[segments["doc_id"].astype(str).isin(chosen)].reset_index(drop=True)
    n_docs_used = len(chosen)
    periods_all = unit_periods(seg["year"].to_numpy(), period_map)
    swapped = {}

    def units(roles_v, swap):
        """The analysed segments under ``roles_v`` and a swap mode (False: none)."""
        if swap is False or swap is None:
            return select_units(seg, roles_v, include_duplicates)
        if swap not in swapped:
            swapped[swap] = swap_canonical(seg, swap)
        return select_units(seg.assign(is_duplicate=swapped[swap]), roles_v, include_duplicates)

    cache: dict = {}

    def tokens_of(tok_key, mask):
        """Token lists of the masked segments under a tokenizer variant (None: the corpus
        stage's tokens)."""
        if tok_key is None:
            return [t.split() if t else [] for t in seg["tokens"][mask]]
        if tok_key not in cache:
            sw, lem, mw = tok_key
            tok = variant_tokenizer(base_tokenizer, stopwords=stop_lists[sw] if sw else None,
                                    lemmas=lem, multiword=mw)
            cache[tok_key] = (tok, {})
        tok, done = cache[tok_key]
        out = []
        for i in np.flatnonzero(mask):
            if i not in done:
                done[i] = tok.tokens(seg["text"].iat[i])
            out.append(done[i])
        return out

    def rank(mask, tok_key, a0, mc, ms):
        counts, vocab = count_matrix(tokens_of(tok_key, mask))
        return rank_contrasts(counts, vocab, periods_all[mask], seg["doc_id"].to_numpy()[mask],
                              contrasts, alpha0=a0, min_count=mc, min_segments=ms)

    main_mask = units(roles, False)
    main = rank(main_mask, None, alpha0, min_count, min_segments)
    key_rows, frame_rows = [], []
    frame_info = None
    if compiled_codebook is not None:
        from scotext.framing.match import score_segments
        from scotext.framing.table import matrices

        roles_needed = set(frame_roles or ()) | {r for v in variants
                                                 for r in v.get("frame_roles", ())}
        scored = seg["role"].isin(sorted(roles_needed)).to_numpy()
        wide, _ = score_segments(seg[scored], compiled_codebook, min_hits=frame_min_hits,
                                 layout="wide")
        _, frames, mats = matrices(wide, columns=("present",))
        present = np.zeros((len(seg), len(frames)))
        present[scored] = mats["present"]
        speakers = seg["speaker"].astype(str).to_numpy()
        frame_info = (frames, present, speakers,
                      frame_differences(present, frames, speakers,
                                        units(frame_roles, False)))
    for v in variants:
        name, changes = str(v["name"]), describe(v)
        keyword_keys = [k for k in v if k in TOKEN_KEYS + RANKING_KEYS + TEXT_KEYS]
        if keyword_keys:
            tok_key = None
            if any(k in v for k in TOKEN_KEYS):
                tok_key = (v.get("standard_stopwords"), bool(v.get("lemmas", True)),
                           bool(v.get("multiword", True)))
            mask = units(v.get("roles", roles), v.get("swap_duplicates", False))
            ranked = rank(mask, tok_key, v.get("alpha0", alpha0), v.get("min_count", min_count),
                          v.get("min_segments", min_segments))
            key_rows += compare_rankings(main, ranked, top_n=top_n, name=name, changes=changes,
                                         n_docs_used=n_docs_used)
        if frame_info is not None and any(k in v for k in FRAME_KEYS):
            frames, present, speakers, main_frames = frame_info
            mask = units(v.get("frame_roles", frame_roles), v.get("swap_duplicates", False))
            frame_rows += frame_sign_rows(main_frames,
                                          frame_differences(present, frames, speakers, mask),
                                          frames, name=name, changes=changes,
                                          n_docs_used=n_docs_used)
        if log is not None:
            log.info("sensitivity variant %s (%s) done", name, changes)
    return (pd.DataFrame(key_rows, columns=SENSITIVITY_COLUMNS),
            pd.DataFrame(frame_rows, columns=FRAME_SIGN_COLUMNS))


def pair_caveats(segments, documents, frame_signs, *, roles, include_duplicates: bool) -> dict:
    """(speaker_a, speaker_b) -> the caveat of that frame contrast
    (:func:`scotext.confound.contrast_caveat`, compared = speaker): what else differs
    between the documents in which each speaker has analysed segments of ``roles``, sized
    by their analysis tokens. Empty when there are no frame rows."""
    from scotext.confound import contrast_caveat, side_profile
    from scotext.stagedata import select_units

    if frame_signs is None or not len(frame_signs):
        return {}
    units = segments[select_units(segments, roles, include_duplicates)]
    out = {}
    for a, b in dict.fromkeys(zip(frame_signs["speaker_a"], frame_signs["speaker_b"])):
        profiles = []
        for speaker in (a, b):
            sub = units[units["speaker"].astype(str) == str(speaker)]
            tokens = {str(k): int(v) for k, v in
                      sub.groupby(sub["doc_id"].astype(str), sort=True)["n_tokens"].sum().items()}
            profiles.append(side_profile(documents, sorted(tokens), tokens=tokens))
        out[(a, b)] = contrast_caveat(profiles[0], profiles[1], str(a), str(b),
                                      compared="speaker")
    return out
