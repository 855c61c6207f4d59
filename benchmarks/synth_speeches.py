"""A second synthetic corpus with known topics, of another layout than ``synth_corpus.py``.

    python benchmarks/synth_speeches.py OUTDIR --n-docs N --k K --seed S [--check 100]

writes the same files as ``synth_corpus.py`` (``raw/`` with the texts and
``metadata.csv``, ``truth.npz``, ``truth_terms.txt``, ``truth.json``; ``n_answer_tokens``
in the truth counts the analysis tokens of the official's paragraphs, here ``statement``
paragraphs), so ``run_benchmark.py`` and the acceptance checks read both alike. What
differs from the interview corpus, on purpose (the topic stage must find K whatever the
layout):

- **Document structure**: speeches and statements (genre ``speech`` or ``statement``, the
  statement layout of ``scotext.corpus.segment``): a headline, then 4-12 body paragraphs of
  the official, no questions, no turns. No near-duplicates.
- **Unit lengths**: paragraphs of 30-90 analysis tokens (the interview corpus: ~17).
- **Topic structure**: every paragraph is about one topic: it draws z_p from the
  document's mixture theta_d ~ Dirichlet(``alpha`` = 0.15 per topic, shifted by year and
  speaker), then each token comes from topic z_p with probability ``purity`` (0.85) and from
  theta_d otherwise: nearly pure paragraphs in mixed documents (the interview corpus: every
  paragraph of a document draws from the same mixture).
- **Vocabulary shape**: 4,000 terms (the interview corpus: 3,000), the same kind of
  tokenizer-safe words (``synth_corpus.build_vocabulary``), but each topic's weights follow
  a Zipf law (weight of the r-th word of the topic ∝ r^-1.1) over its own block of words
  *and half of the next topic's block* (neighbouring topics share words: overlap), with 10 %
  of every topic on a shared Zipfian background (the interview corpus: disjoint blocks,
  Gamma(0.5) weights, 20 % background). Domain terms are not favoured: topics are numbered.

Deterministic for the seed (numpy ``default_rng``); streaming like ``synth_corpus.py``.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import json
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import synth_corpus as sc  # noqa: E402

N_WORDS = 4000
PURITY = 0.85
ALPHA = 0.15
ZIPF = 1.1
BACKGROUND = 0.1
EVENTS = ["the meeting of the Council of Foreign Ministers", "the SCO Forum",
          "the anniversary of the SCO Charter", "the conference on regional security",
          "the business council", "the youth council", "the meeting of the heads of government",
          "the expert dialogue"]


def structure_safe(vocab: sc.Vocabulary) -> sc.Vocabulary:
    """The vocabulary without the words the segmenter reads as document structure in a
    speech (``transcript`` marks an introduction in ``scotext.corpus.segment``)."""
    try:
        sys.path.insert(0, str(sc.ROOT / "src"))
        from scotext.corpus.segment import _INTRO_STRONG_RE as strong
    except ImportError:          # a segmenter without the rule: nothing to avoid
        return vocab
    keep = np.array([not strong.search(w) for w in vocab.surfaces], dtype=bool)
    if keep.all():
        return vocab
    pick = np.flatnonzero(keep)
    return sc.Vocabulary([vocab.surfaces[i] for i in pick], [vocab.terms[i] for i in pick],
                         vocab.topic[pick], vocab.freq[pick], vocab.glue, vocab.glue_p,
                         vocab.openers, vocab.openers_p, vocab.q_openers, vocab.q_openers_p)


def build_speech_model(vocab: sc.Vocabulary, seed: int, k: int) -> sc.Model:
    """Zipfian, overlapping topics over all terms (see the module docstring)."""
    rng = np.random.default_rng([seed, 11])
    v = len(vocab.terms)
    order = rng.permutation(v)
    n_bg = v // (k + 2)                       # background-only words
    bg_words = order[:n_bg]
    blocks = np.array_split(order[n_bg:], k)
    beta = np.zeros((k, v))
    for t in range(k):
        own = blocks[t]
        shared = blocks[(t + 1) % k][: len(blocks[(t + 1) % k]) // 2]
        words = rng.permutation(np.concatenate([own, shared]))
        beta[t, words] = np.arange(1, words.size + 1, dtype=np.float64) ** -ZIPF
        beta[t] /= beta[t].sum()
    bg = np.zeros(v)
    bg[rng.permutation(bg_words)] = np.arange(1, n_bg + 1, dtype=np.float64) ** -ZIPF
    bg /= bg.sum()
    beta = (1 - BACKGROUND) * beta + BACKGROUND * bg
    beta /= beta.sum(axis=1, keepdims=True)
    cdf = np.cumsum(beta, axis=1)
    cdf[:, -1] = 1.0
    names = [f"topic{t + 1:02d}" for t in range(k)]
    year_shift = {y: rng.normal(0.0, 0.5, size=k) for y in sorted(sc.YEARS)}
    speaker_shift = {s: rng.normal(0.0, 0.5, size=k) for s in sc.SPEAKERS}
    return sc.Model(vocab, beta, (cdf + np.arange(k)[:, None]).ravel(), names, year_shift,
                    speaker_shift, ALPHA * k)


class SpeechGenerator(sc.Generator):
    """Speeches and statements (see the module docstring)."""

    def __init__(self, model: sc.Model, n_docs: int, seed: int, tokenizer=None):
        super().__init__(model, n_docs, seed, dup_share=0.0, tokenizer=tokenizer)
        self.rng = np.random.default_rng([seed, 12])
        self.first = int(np.flatnonzero(np.char.lower(self.open_cap.astype(str)) == "our")[0])

    def _body(self, ids: np.ndarray, lengths: list[int], first_person: bool) -> str:
        text = self._sentences(ids, lengths)
        if first_person:      # the body opens in the first person (not an introduction)
            opener = next(o for o in sorted(self.open_cap.tolist(), key=len, reverse=True)
                          if text.startswith(o + " "))
            text = self.open_cap[self.first] + text[len(opener):]
        return text

    def document(self, i: int) -> sc.Doc:
        rng = self.rng
        doc_id = f"sp_{i + 1:06d}"
        year = self.years[min(int(np.searchsorted(self.year_cdf, rng.random(), side="right")),
                              len(self.years) - 1)]
        speaker = sc.YEARS[year][0]
        date = dt.date(year, 1, 1) + dt.timedelta(days=int(rng.integers(0, 365)))
        genre = "speech" if rng.random() < 0.6 else "statement"
        event = EVENTS[int(rng.integers(0, len(EVENTS)))]
        alpha = self.m.alpha_total * sc._softmax(self.m.year_shift[year]
                                                 + self.m.speaker_shift[speaker])
        theta = rng.dirichlet(alpha)
        k = theta.size
        paras, ptoks = [], []
        for p in range(int(rng.integers(4, 13))):
            z = int(np.searchsorted(np.cumsum(theta), rng.random(), side="right"))
            mix = (1 - PURITY) * theta
            mix[min(z, k - 1)] += PURITY
            n_sent = int(rng.integers(3, 8))
            lengths = [int(x) for x in 4 + rng.poisson(5.0, size=n_sent)]
            while sum(lengths) < 30:
                lengths.append(int(4 + rng.poisson(5.0)))
            while sum(lengths) > 90:
                lengths.pop()
            ids = self._answer_words(mix, sum(lengths))
            paras.append(self._body(ids, lengths, first_person=p == 0))
            ptoks.append(int(ids.size))
        kind = "Speech" if genre == "speech" else "Statement"
        title = f"{kind} by {speaker} at {event}"
        text = "\n\n".join([title] + paras) + "\n"
        title_tokens = self._extra_tokens(title)
        n_statement = int(sum(ptoks))
        data = text.encode("utf-8")
        sha = hashlib.sha256(data).hexdigest()
        row = {"doc_id": doc_id, "file": f"{doc_id}.txt", "sha256": sha,
               "original_file": f"{i:06d}_{sha[:16]}.txt", "date": date.isoformat(),
               "year": str(year), "speaker": speaker, "interviewer": "",
               "outlet": "SCO Secretariat", "genre": genre, "machine_translated": "false",
               "language_note": "synthetic (benchmarks/synth_speeches.py)", "event_id": ""}
        return sc.Doc(i, doc_id, text, row, theta, alpha, n_statement + title_tokens,
                      n_statement, [], [], [paras], [ptoks])


def generate_corpus(outdir, n_docs: int, seed: int = 1, *, k: int = 8, write: bool = True,
                    progress: bool = False, shuffle_seed: int | None = None) -> dict:
    """Write the corpus and truth files to ``outdir``; returns a summary dict."""
    t0 = time.perf_counter()
    outdir = Path(outdir)
    raw = outdir / "raw"
    config = sc.load_config()
    tok = sc.make_tokenizer(sc.ROOT, config)
    vocab = structure_safe(sc.build_vocabulary(sc.ROOT, N_WORDS, config=config, tokenizer=tok))
    model = build_speech_model(vocab, seed, k)
    def factory():
        return SpeechGenerator(model, n_docs, seed, tokenizer=tok)

    gen = factory() if shuffle_seed is None else \
        sc.ShuffledTokens(factory, n_docs, shuffle_seed).generator
    t_setup = time.perf_counter() - t0
    theta = np.zeros((n_docs, k), dtype=np.float32)
    alpha = np.zeros((n_docs, k), dtype=np.float32)
    years = np.zeros(n_docs, dtype=np.int16)
    speakers = list(sc.SPEAKERS)
    speaker_idx = np.zeros(n_docs, dtype=np.int8)
    n_tokens = np.zeros(n_docs, dtype=np.int32)
    n_answer = np.zeros(n_docs, dtype=np.int32)
    n_bytes = 0
    if write:
        raw.mkdir(parents=True, exist_ok=True)
        sheet = open(raw / "metadata.csv", "w", newline="", encoding="utf-8")
        writer = csv.DictWriter(sheet, fieldnames=sc.COLUMNS, lineterminator="\n")
        writer.writeheader()
    try:
        for i in range(n_docs):
            doc = gen.document(i)
            data = doc.text.encode("utf-8")
            n_bytes += len(data)
            if write:
                (raw / doc.row["file"]).write_bytes(data)
                writer.writerow(doc.row)
            theta[i], alpha[i] = doc.theta, doc.alpha
            years[i] = int(doc.row["year"])
            speaker_idx[i] = speakers.index(doc.row["speaker"])
            n_tokens[i], n_answer[i] = doc.n_tokens, doc.n_answer_tokens
            if progress and (i + 1) % 10000 == 0:
                print(f"  {i + 1} documents, {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    finally:
        if write:
            sheet.close()
    summary = {
        "generator": "synth_speeches", "n_docs": n_docs, "seed": seed, "k_true": k,
        "shuffled": shuffle_seed is not None, "shuffle_seed": shuffle_seed,
        "n_terms": len(vocab.terms), "n_duplicates": 0,
        "mean_tokens_per_doc": float(n_tokens.mean()) if n_docs else 0.0,
        "mean_answer_tokens_per_doc": float(n_answer.mean()) if n_docs else 0.0,
        "total_tokens": int(n_tokens.sum()), "bytes": n_bytes,
        "setup_seconds": round(t_setup, 2),
        "generate_seconds": round(time.perf_counter() - t0 - t_setup, 2),
        "topics": {name: [vocab.terms[j] for j in np.argsort(-model.beta[t])[:12]]
                   for t, name in enumerate(model.topic_names)},
    }
    if write:
        np.savez_compressed(
            outdir / "truth.npz", beta=model.beta, terms=np.array(vocab.terms),
            k_true=np.int64(k), theta=theta, alpha=alpha, year=years, speaker=speaker_idx,
            speakers=np.array(speakers), dup_of=np.full(n_docs, -1, dtype=np.int64),
            n_tokens=n_tokens, n_answer_tokens=n_answer,
            topic_names=np.array(model.topic_names), domain_topic=np.full(len(vocab.terms), -1),
            seed=np.int64(seed))
        (outdir / "truth_terms.txt").write_text("\n".join(vocab.terms) + "\n", encoding="utf-8")
        (outdir / "truth.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return summary


def check_corpus(outdir, n_check: int = 100) -> dict:
    """Clean, segment and tokenise the first ``n_check`` documents with the project's code:
    the body must be ``statement`` paragraphs of the official, nothing removed or split, and
    the statement tokens must equal the truth's."""
    import yaml

    sys.path.insert(0, str(sc.ROOT / "src"))
    from scotext.corpus.clean import clean_document
    from scotext.corpus.furniture import FurnitureRules
    from scotext.corpus.segment import segment_document

    outdir = Path(outdir)
    cfg = sc.load_config()
    with open(sc.ROOT / cfg["cleaning"]["furniture"], encoding="utf-8") as fh:
        rules = FurnitureRules.from_dict(yaml.safe_load(fh))
    splitter = sc.make_glue_splitter(sc.ROOT, cfg)
    tok = sc.make_tokenizer(sc.ROOT, cfg)
    truth = sc.load_truth(outdir)
    with open(outdir / "raw" / "metadata.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))[:n_check]
    problems = []
    for i, row in enumerate(rows):
        data = (outdir / "raw" / row["file"]).read_bytes()
        cleaned = clean_document(data, row["file"], rules, splitter)
        if cleaned.audit["glued_tokens_split"] or cleaned.audit["furniture_chars_removed"]:
            problems.append(f"{row['doc_id']}: cleaning changed the text")
        kwargs = {"official": row["speaker"], "interviewer": row["interviewer"],
                  "outlet": row["outlet"]}
        try:
            segs = segment_document(cleaned.text, genre=row["genre"], **kwargs)
        except TypeError:                       # a segmenter without genres
            segs = segment_document(cleaned.text, **kwargs)
        body = [s for s in segs if s["role"] == "statement"]
        got = sum(len(tok.tokens(s["text"])) for s in body)
        if got != int(truth["n_answer_tokens"][i]):
            problems.append(f"{row['doc_id']}: {got} statement tokens, truth "
                            f"{int(truth['n_answer_tokens'][i])}; roles "
                            f"{sorted({s['role'] for s in segs})}")
    return {"checked": len(rows), "problems": problems}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("outdir", type=Path)
    ap.add_argument("--n-docs", type=int, required=True)
    ap.add_argument("--k", type=int, default=8)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--check", type=int, default=0, metavar="N")
    ap.add_argument("--shuffle-seed", type=int, default=None,
                    help="write the null corpus (statement words permuted across paragraphs)")
    args = ap.parse_args(argv)
    summary = generate_corpus(args.outdir, args.n_docs, args.seed, k=args.k, progress=True,
                              shuffle_seed=args.shuffle_seed)
    topics = summary.pop("topics")
    print(json.dumps(summary, indent=2))
    for name, words in topics.items():
        print(f"{name:>8}: {' '.join(words)}")
    if args.check:
        report = check_corpus(args.outdir, args.check)
        for p in report["problems"][:20]:
            print("PROBLEM", p)
        print(f"checked {report['checked']}, {len(report['problems'])} problem(s)")
        return 1 if report["problems"] else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
