"""Array-based near-duplicate search: same flags as a brute-force all-pairs reference,
stock phrases do not generate pairs, deterministic, and it scales."""

import json
import os
import random
import subprocess
import sys
from itertools import product
from pathlib import Path

import numpy as np
import pytest

from scotext.corpus.dedup import (SegmentRef, encode_token_strings, encode_words,
                                  find_duplicates, find_duplicates_arrays, shingle_codes,
                                  shingle_matrix, shingles)

SRC = Path(__file__).resolve().parents[1] / "src"


# -- references --------------------------------------------------------------------------

def reference(segments, doc_rank, *, k=3, threshold=0.5, min_shingles=5, min_doc_share=0.0,
              max_shingle_df=None, rejected=None):
    """The specification, literally: every ordered pair of segments, Python sets."""
    sets = [shingles(s.words, k) for s in segments]
    comparable = [len(sh) >= min_shingles for sh in sets]
    df = {}
    for sh, ok in zip(sets, comparable):
        for g in sh if ok else ():
            df[g] = df.get(g, 0) + 1
    rank = {s.doc_id: doc_rank(s.doc_id) for s in segments}
    cand = {}
    for i, j in product(range(len(segments)), repeat=2):
        di, dj = segments[i].doc_id, segments[j].doc_id
        if not (comparable[i] and comparable[j]) or di == dj or not rank[dj] < rank[di]:
            continue
        common = sets[i] & sets[j]
        if not common:
            continue
        if max_shingle_df is not None and all(df[g] > max_shingle_df for g in common):
            continue                                   # only stock phrases in common
        c = len(common) / min(len(sets[i]), len(sets[j]))
        if c >= threshold and ((i, dj) not in cand or (c, -j) > cand[(i, dj)][:2]):
            cand[(i, dj)] = (c, -j, len(common))
    n_comp = {}
    for s, ok in zip(segments, comparable):
        n_comp[s.doc_id] = n_comp.get(s.doc_id, 0) + ok
    count = {}
    for i, dj in cand:
        count[(segments[i].doc_id, dj)] = count.get((segments[i].doc_id, dj), 0) + 1
    best = {}
    for (i, dj), (c, mj, shared) in sorted(cand.items()):
        share = count[(segments[i].doc_id, dj)] / max(1, n_comp[segments[i].doc_id])
        if share < min_doc_share:
            if rejected is not None:
                rejected.append({"doc_id": segments[i].doc_id,
                                 "segment_id": segments[i].segment_id,
                                 "partner": segments[-mj].segment_id, "containment": c,
                                 "doc_share": share})
        elif i not in best or (c, mj) > best[i][:2]:
            best[i] = (c, mj, shared)
    out = []
    for i in sorted(best):
        c, mj, shared = best[i]
        j = -mj
        while j in best:
            j = -best[j][1]
        out.append({"doc_id": segments[i].doc_id, "segment_id": segments[i].segment_id,
                    "duplicate_of_doc": segments[j].doc_id,
                    "duplicate_of": segments[j].segment_id, "containment": c,
                    "shared_shingles": shared})
    return out


def legacy(segments, doc_rank, *, k=3, threshold=0.5, min_shingles=5, min_doc_share=0.0,
           block_size=2000, rejected=None):
    """find_duplicates as it was before the array version (string shingles, m @ m.T)."""
    from scipy import sparse

    sets = [shingles(s.words, k) for s in segments]
    vocab, rows, cols = {}, [], []
    for i, sh in enumerate(sets):
        if len(sh) < min_shingles:
            continue
        for g in sh:
            rows.append(i)
            cols.append(vocab.setdefault(g, len(vocab)))
    n = len(segments)
    if not vocab:
        return []
    m = sparse.csr_matrix((np.ones(len(rows), dtype=np.int32), (rows, cols)),
                          shape=(n, len(vocab)))
    sizes = np.asarray(m.sum(axis=1)).ravel()
    docs = np.array([s.doc_id for s in segments])
    rank = {d: doc_rank(d) for d in sorted(set(docs))}
    mt = m.T.tocsr()
    cand = {}
    for start in range(0, n, block_size):
        block = (m[start:start + block_size] @ mt).tocoo()
        for i, j, shared in zip(block.row + start, block.col, block.data):
            if docs[i] == docs[j] or rank[docs[j]] >= rank[docs[i]]:
                continue
            c = shared / min(sizes[i], sizes[j])
            if c < threshold:
                continue
            key = (int(i), str(docs[j]))
            if key not in cand or (c, -j) > (cand[key][0], -cand[key][1]):
                cand[key] = (float(c), int(j), int(shared))
    comparable = {d: int(((docs == d) & (sizes >= min_shingles)).sum()) for d in rank}
    share = {}
    for (i, dj) in cand:
        share[(docs[i], dj)] = share.get((docs[i], dj), 0) + 1
    share = {pair: cnt / max(1, comparable[pair[0]]) for pair, cnt in share.items()}
    best = {}
    for (i, dj), (c, j, shared) in sorted(cand.items()):
        if share[(docs[i], dj)] < min_doc_share:
            if rejected is not None:
                rejected.append({"doc_id": segments[i].doc_id,
                                 "segment_id": segments[i].segment_id,
                                 "partner": segments[j].segment_id, "containment": c,
                                 "doc_share": share[(docs[i], dj)]})
            continue
        if i not in best or (c, -j) > (best[i][0], -best[i][1]):
            best[i] = (c, j, shared)

    def root(j):
        seen = set()
        while j in best and j not in seen:
            seen.add(j)
            j = best[j][1]
        return j

    out = []
    for i in sorted(best):
        c, j, shared = best[i]
        j = root(j)
        out.append({"doc_id": segments[i].doc_id, "segment_id": segments[i].segment_id,
                    "duplicate_of_doc": segments[j].doc_id,
                    "duplicate_of": segments[j].segment_id,
                    "containment": c, "shared_shingles": shared})
    return out


# -- random corpora ----------------------------------------------------------------------

def random_corpus(seed, n_docs=8, vocab_size=12, max_len=14, rank_ties=False):
    """Small vocabulary (repeated shingles within and across segments), segments of 0 to
    max_len words (empty and shorter than k included), planted edited copies."""
    rng = random.Random(seed)
    vocab = [f"w{i}" for i in range(vocab_size)] + ["shanghai", "cooperation", "organization"]
    segs = []
    for d in range(n_docs):
        for s in range(rng.randint(1, 7)):
            n = rng.choice([0, 1, 2, 3] + list(range(4, max_len + 1)))
            words = [rng.choice(vocab[:vocab_size]) for _ in range(n)]
            if n > 4 and rng.random() < 0.5:
                at = rng.randint(0, n - 3)
                words[at:at + 3] = ["shanghai", "cooperation", "organization"]
            segs.append(SegmentRef(f"doc{d}", f"doc{d}_s{s}", tuple(words)))
    for _ in range(rng.randint(1, 8)):                 # planted (edited) copies
        a, b = rng.sample(range(len(segs)), 2)
        w = list(segs[a].words)
        for _ in range(rng.randint(0, 2)):
            if w:
                w[rng.randrange(len(w))] = rng.choice(vocab)
        if w and rng.random() < 0.3:
            w = w[rng.randint(0, len(w) // 3):]
        segs[b] = SegmentRef(segs[b].doc_id, segs[b].segment_id, tuple(w))
    keys = {f"doc{d}": ((rng.randint(0, 2) if rank_ties else rng.random()), ) for d in
            range(n_docs)}
    return segs, keys.__getitem__


PARAMS = [dict(k=k, threshold=th, min_shingles=ms, min_doc_share=share)
          for k, th, ms, share in [(3, 0.5, 5, 0.0), (3, 0.5, 2, 0.3), (1, 0.6, 3, 0.0),
                                   (2, 0.3, 1, 0.2), (4, 0.5, 1, 0.0), (3, 1.0, 0, 0.0),
                                   (5, 0.4, 1, 0.5), (2, 0.75, 4, 0.1)]]


@pytest.mark.parametrize("seed", range(12))
def test_equivalent_to_brute_force(seed):
    segs, rank = random_corpus(seed, rank_ties=seed % 3 == 0)
    for params in PARAMS:
        for max_df in (None, 2, 3, 6, 100):
            rej_ref, rej_new = [], []
            want = reference(segs, rank, **params, max_shingle_df=max_df, rejected=rej_ref)
            got = find_duplicates(segs, rank, **params, max_shingle_df=max_df,
                                  block_size=1 + seed % 4, rejected=rej_new)
            assert got == want, (params, max_df)
            assert rej_new == rej_ref, (params, max_df)
        rej_leg, rej_new = [], []
        assert legacy(segs, rank, **params, rejected=rej_leg) == find_duplicates(
            segs, rank, **params, max_shingle_df=None, rejected=rej_new)
        assert rej_new == rej_leg


def test_random_corpora_find_planted_copies():
    """The random corpora do exercise the interesting cases (not all empty results)."""
    flagged = rejected = 0
    for seed in range(12):
        segs, rank = random_corpus(seed)
        rej = []
        flagged += len(find_duplicates(segs, rank, min_shingles=2, min_doc_share=0.3,
                                       rejected=rej))
        rejected += len(rej)
    assert flagged > 10 and rejected > 10


def test_output_types_are_python_scalars():
    segs, rank = random_corpus(1)
    rows = find_duplicates(segs, rank, min_shingles=2)
    assert rows
    for r in rows:
        assert type(r["containment"]) is float and type(r["shared_shingles"]) is int
        assert type(r["segment_id"]) is str and type(r["duplicate_of_doc"]) is str


# -- shingle codes -----------------------------------------------------------------------

@pytest.mark.parametrize("k", [1, 2, 3, 4, 6])
@pytest.mark.parametrize("scale", [1, 10**12])
def test_shingle_matrix_matches_string_shingles(k, scale):
    """Exact codes: same set sizes and intersections as the string shingles, also when the
    codes must be re-ranked to stay in int64 (large ids, large k)."""
    segs, _ = random_corpus(5, vocab_size=6)
    token_ids, offsets, _ = encode_words(s.words for s in segs)
    m = shingle_matrix(token_ids.astype(np.int64) * scale + 7, offsets, k).toarray()
    sets = [shingles(s.words, k) for s in segs]
    assert (m.sum(axis=1) == [len(s) for s in sets]).all()
    inter = m @ m.T
    for i, j in product(range(len(segs)), repeat=2):
        assert inter[i, j] == len(sets[i] & sets[j])


def test_shingle_codes_boundaries_and_short_segments():
    # segments: [0 1 2 3] [] [0 1] [2 3 0] [0 1]  with k = 3
    token_ids = np.array([0, 1, 2, 3, 0, 1, 2, 3, 0, 0, 1])
    offsets = np.array([0, 4, 4, 6, 9, 11])
    seg, code = shingle_codes(token_ids, offsets, 3)
    assert sorted(seg.tolist()) == [0, 0, 2, 3, 4]         # no window crosses a boundary
    by_seg = {}
    for s, c in zip(seg.tolist(), code.tolist()):
        by_seg.setdefault(s, []).append(c)
    assert by_seg[2] == by_seg[4]                          # short segments: all their words
    assert not set(by_seg[2]) & set(by_seg[0] + by_seg[3])  # "0 1" is no 3-word shingle


def test_encode_token_strings():
    ids, offsets, vocab = encode_token_strings(["a b a", "", float("nan"), None, "b c"])
    assert ids.tolist() == [0, 1, 0, 1, 2] and offsets.tolist() == [0, 3, 3, 3, 3, 5]
    assert vocab == {"a": 0, "b": 1, "c": 2}
    ids2, offsets2, _ = encode_token_strings(iter(["c a"]), vocab)
    assert ids2.tolist() == [2, 0] and offsets2.tolist() == [0, 2]


def test_array_api_equals_wrapper():
    segs, rank = random_corpus(7)
    ids, offsets, _ = encode_token_strings(" ".join(s.words) for s in segs)
    doc_ids = np.array([s.doc_id for s in segs])          # numpy strings are accepted
    seg_ids = [s.segment_id for s in segs]
    ranks = {d: rank(d) for d in set(doc_ids.tolist())}   # a mapping is accepted
    for params in PARAMS:
        rej_a, rej_b = [], []
        got = find_duplicates_arrays(doc_ids, seg_ids, ids, offsets, ranks, **params,
                                     rejected=rej_a)
        assert got == find_duplicates(segs, rank, **params, rejected=rej_b)
        assert rej_a == rej_b
        assert all(type(r["doc_id"]) is str for r in got)


def test_invalid_arrays_rejected():
    with pytest.raises(ValueError):
        find_duplicates_arrays(["d"], ["s"], [0, 1], [0, 1], {"d": (0,)})
    with pytest.raises(ValueError):
        find_duplicates_arrays(["d", "e"], ["s", "t"], [0, 1], [0, 1], {"d": (0,)})
    with pytest.raises(ValueError):
        find_duplicates_arrays(["d"], ["s"], [0, 1], [0, 2], {"d": (0,)}, k=0)
    assert find_duplicates_arrays([], [], [], [0], {}) == []


# -- stock phrases -----------------------------------------------------------------------

STOCK = "shanghai cooperation organization member state".split()


def stock_corpus(n_docs=130):
    """Every document has one paragraph: the stock phrase plus its own words; document
    "orig" has a long paragraph which document "copy" repeats (stock phrase included)."""
    segs = [SegmentRef(f"d{d:03d}", f"d{d:03d}_s1",
                       tuple(STOCK + [f"u{d}a", f"u{d}b", f"u{d}c"])) for d in range(n_docs)]
    body = [f"b{i}" for i in range(12)]
    segs.append(SegmentRef("orig", "orig_s1", tuple(body[:6] + STOCK + body[6:] + ["x", "y"])))
    segs.append(SegmentRef("copy", "copy_s1", tuple(body[:6] + STOCK + body[6:10])))
    return segs, {d: (i,) for i, d in enumerate(["orig", "copy"] +
                                               [f"d{d:03d}" for d in range(n_docs)])}


def test_stock_phrase_alone_does_not_create_pairs():
    segs, keys = stock_corpus()
    everything = find_duplicates(segs, keys.__getitem__, max_shingle_df=None)
    # all-pairs: stock paragraphs have containment 3/6 >= 0.5 with each other
    assert len(everything) > 100
    rows = find_duplicates(segs, keys.__getitem__)           # default max_shingle_df=100
    assert [(r["segment_id"], r["duplicate_of"]) for r in rows] == [("copy_s1", "orig_s1")]
    a, b = shingles(segs[-1].words, 3), shingles(segs[-2].words, 3)
    assert rows[0]["shared_shingles"] == len(a & b) == len(a)   # stock shingles counted too
    assert rows[0]["containment"] == len(a & b) / min(len(a), len(b)) == 1.0
    assert rows == reference(segs, keys.__getitem__, max_shingle_df=100)
    # the copy is found through its rare shingles even when the stock shingles are frequent
    assert find_duplicates(segs, keys.__getitem__, max_shingle_df=2) == rows


def test_copy_made_mostly_of_stock_phrases_keeps_exact_containment():
    """Containment is computed over all shingles: a pair with one rare shingle in common
    and otherwise stock phrases gets the full (all-pairs) containment."""
    segs, keys = stock_corpus()
    segs.append(SegmentRef("late", "late_s1", tuple(STOCK + ["b0", "b1", "b2"])))
    keys["late"] = (999,)
    rows = {r["segment_id"]: r for r in find_duplicates(segs, keys.__getitem__)}
    a, b = shingles(segs[-1].words, 3), shingles(segs[-3].words, 3)
    assert rows["late_s1"]["duplicate_of"] == "orig_s1"
    assert rows["late_s1"]["shared_shingles"] == len(a & b) == 4
    assert rows["late_s1"]["containment"] == 4 / 6


# -- determinism -------------------------------------------------------------------------

def test_deterministic_and_block_size_independent():
    segs, rank = random_corpus(11, n_docs=30)
    runs = [find_duplicates(segs, rank, min_shingles=2, block_size=b) for b in (1, 5, None)]
    runs.append(find_duplicates(segs, rank, min_shingles=2))
    assert runs[0] and all(r == runs[0] for r in runs)


_HASHSEED_SCRIPT = """
import json, sys
sys.path.insert(0, sys.argv[1])
sys.path.insert(0, sys.argv[2])
from test_dedup_scale import random_corpus
from scotext.corpus.dedup import find_duplicates
out = []
for seed in range(4):
    segs, rank = random_corpus(seed, n_docs=20)
    rej = []
    out.append([find_duplicates(segs, rank, min_shingles=2, min_doc_share=0.3, rejected=rej),
                rej])
print(json.dumps(out))
"""


def test_independent_of_hash_seed():
    outputs = []
    for hash_seed in ("0", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        res = subprocess.run([sys.executable, "-c", _HASHSEED_SCRIPT, str(SRC),
                              str(Path(__file__).parent)], env=env, capture_output=True,
                             text=True, check=True)
        outputs.append(json.loads(res.stdout))
    here = []
    for seed in range(4):
        segs, rank = random_corpus(seed, n_docs=20)
        rej = []
        here.append([find_duplicates(segs, rank, min_shingles=2, min_doc_share=0.3,
                                     rejected=rej), rej])
    assert outputs[0] == outputs[1] == json.loads(json.dumps(here))
    assert any(rows for rows, _ in here)


# -- scale -------------------------------------------------------------------------------

def test_scale_smoke_50k_segments():
    """50,000 segments of ~17 Zipfian words, a stock phrase in half of them, 500 planted
    one-word-edited copies: runs in seconds and finds the copies."""
    rng = np.random.default_rng(0)
    n_docs, per_doc, vocab = 5000, 10, 5000
    n = n_docs * per_doc
    p = 1 / np.arange(1, vocab + 1)
    lengths = rng.poisson(17, n)
    segs = [rng.choice(vocab, size=int(length), p=p / p.sum()) for length in lengths]
    for s in np.flatnonzero(rng.random(n) < 0.5):
        if len(segs[s]) >= 3:
            at = rng.integers(0, len(segs[s]) - 2)
            segs[s][at:at + 3] = (0, 1, 2)
    doc = np.repeat(np.arange(n_docs), per_doc)
    long = np.flatnonzero(lengths >= 12)
    pick = rng.choice(long, 1000, replace=False)
    src, tgt = pick[:500], pick[500:]
    src, tgt = src[doc[src] != doc[tgt]], tgt[doc[src] != doc[tgt]]
    for s, t in zip(src, tgt):
        segs[t] = segs[s].copy()
        segs[t][rng.integers(len(segs[t]))] = vocab + 1       # one edited word
    offsets = np.concatenate([[0], np.cumsum([len(s) for s in segs])])
    token_ids = np.concatenate(segs)
    doc_ids = np.array([f"d{d:05d}" for d in doc])
    seg_ids = [f"d{d:05d}_s{i}" for d, i in zip(doc, np.tile(np.arange(per_doc), n_docs))]
    rank = {d: (d,) for d in set(doc_ids.tolist())}          # smaller doc id = fuller
    rows = find_duplicates_arrays(doc_ids, seg_ids, token_ids, offsets, rank)
    flagged = {r["segment_id"]: r for r in rows}
    hits = 0
    for s, t in zip(src, tgt):
        late, early = (s, t) if doc[s] > doc[t] else (t, s)
        row = flagged.get(seg_ids[late])
        hits += row is not None and row["duplicate_of"] == seg_ids[early]
    assert hits >= 0.99 * len(src)
