"""Acceptance of the topic stage (not a test): does the workflow find K when it is there, and
say so when it is not?

    python benchmarks/acceptance.py --n-docs 1000 --k 4 8 12 --generators interviews speeches \\
        --engines tomotopy gensim [--shuffled] [--cores 2] [--scratch DIR]

For every generator (``synth_corpus.py``: interviews, ``synth_speeches.py``: speeches and
statements), K_true and engine, a corpus is generated (and, with ``--shuffled``, its null
twin: the official's content words permuted across his paragraphs, lengths and word
frequencies kept), a project is made as ``run_benchmark.make_project`` does, and the real
workflow runs up to the topic stage's model (``results/topics/model.json`` and
``topic_word.csv``: every topic job, on the corpus stage's output) with
``config/config.yaml`` and ``topics.engine`` set. Measured: chosen K, ``identified``,
recovery (mean Hungarian-matched cosine of true and estimated topics on their common terms,
``run_benchmark.topic_recovery``), the verdict, wall time. The criteria (issue 12): K within
1 of K_true, identified, recovery >= 0.9; on the shuffled twin: not identified.

Output: ``benchmarks/results/acceptance.md`` and ``.json`` (``--out``); ``--append`` keeps
earlier rows (the same generator, K, engine and shuffling are replaced).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import run_benchmark as rb  # noqa: E402
import synth_corpus  # noqa: E402
import synth_speeches  # noqa: E402

TARGETS = ["results/topics/model.json", "results/topics/topic_word.csv"]
COLS = ["generator", "K_true", "shuffled", "engine", "K", "identified", "recovery", "pass",
        "wall s", "commit", "verdict"]


def corpus_dir(scratch: Path, generator: str, k: int, n: int, seed: int, shuffled: bool) -> Path:
    folder = scratch / f"{generator}_k{k}{'_shuffled' if shuffled else ''}_n{n}_seed{seed}"
    if (folder / "truth.json").is_file():
        return folder
    if folder.exists():
        shutil.rmtree(folder)
    gen = synth_corpus if generator == "interviews" else synth_speeches
    print(f"generating {folder.name}", flush=True)
    gen.generate_corpus(folder, n, seed, k=k, shuffle_seed=(seed + 1000) if shuffled else None)
    return folder


def passed(row: dict) -> bool:
    if row["shuffled"]:
        return row["identified"] is False
    return (row["identified"] is True and row["K"] is not None
            and abs(int(row["K"]) - row["K_true"]) <= 1
            and row["recovery"] is not None and row["recovery"] >= 0.9)


def render(meta: dict, rows: list[dict]) -> str:
    rows = sorted(rows, key=lambda r: (r["generator"], r["K_true"], r["shuffled"], r["engine"]))
    cells = [[r["generator"], str(r["K_true"]), rb.fmt(r["shuffled"]), r["engine"],
              rb.fmt(r["K"]), rb.fmt(r["identified"]), rb.fmt(r["recovery"], 3),
              rb.fmt(r["pass"]), rb.fmt(r["wall_s"]), r.get("commit") or "not recorded",
              r["verdict"] or ""] for r in rows]
    head = (f"# Topic stage acceptance\n\n{meta['date']} - commit `{meta['git']['commit'][:12]}`"
            f"{' (uncommitted changes)' if meta['git']['dirty'] else ''} - `{meta['command']}`\n\n"
            "Real workflow up to the topic model on synthetic corpora of "
            f"{meta['n_docs']:,} documents (seed {meta['seed']}): `interviews` = "
            "`benchmarks/synth_corpus.py`, `speeches` = `benchmarks/synth_speeches.py`; "
            "shuffled = the null twin (the official's content words permuted across his "
            "paragraphs). pass: K within 1 of K_true, identified and recovery >= 0.9; "
            "shuffled: not identified. Wall time of the run (corpus and topic stages) on a "
            "shared 2-core machine; commit: the code each row was measured with (+: with "
            "uncommitted changes; rows kept from earlier runs by --append keep theirs).\n\n")
    return head + rb.md_table(COLS, cells) + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n-docs", type=int, default=1000)
    ap.add_argument("--k", type=int, nargs="+", default=[4, 8, 12])
    ap.add_argument("--generators", nargs="+", default=["interviews", "speeches"],
                    choices=["interviews", "speeches"])
    ap.add_argument("--engines", nargs="+", default=["tomotopy", "gensim"])
    ap.add_argument("--shuffled", action="store_true", help="also run the null twins")
    ap.add_argument("--only-shuffled", action="store_true", help="only the null twins")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--cores", type=int, default=2)
    ap.add_argument("--scratch", type=Path, default=None)
    ap.add_argument("--out", type=Path, default=HERE / "results")
    ap.add_argument("--append", action="store_true")
    ap.add_argument("--configfile", type=Path, action="append", default=[])
    args = ap.parse_args(argv)

    import shlex

    import yaml

    scratch = args.scratch or Path(tempfile.mkdtemp(prefix="scotext-accept-"))
    scratch.mkdir(parents=True, exist_ok=True)
    meta = {"date": dt.datetime.now().isoformat(timespec="seconds"), "git": rb.git_state(),
            "command": "python benchmarks/acceptance.py " + " ".join(
                shlex.quote(a) for a in (sys.argv[1:] if argv is None else argv)),
            "n_docs": args.n_docs, "seed": args.seed}
    rows: list[dict] = []
    out_json = args.out / "acceptance.json"
    if args.append and out_json.is_file():
        rows = json.loads(out_json.read_text(encoding="utf-8"))["rows"]
    shuffles = [True] if args.only_shuffled else ([False, True] if args.shuffled else [False])

    def write():
        args.out.mkdir(parents=True, exist_ok=True)
        out_json.write_text(rb.portable(json.dumps({"meta": meta, "rows": rows}, indent=2,
                                                   default=str) + "\n", scratch),
                            encoding="utf-8")
        (args.out / "acceptance.md").write_text(rb.portable(render(meta, rows), scratch),
                                                encoding="utf-8")

    status = 0
    for generator in args.generators:
        for k in args.k:
            for shuffled in shuffles:
                corpus = corpus_dir(scratch, generator, k, args.n_docs, args.seed, shuffled)
                truth = synth_corpus.load_truth(corpus)
                for engine in args.engines:
                    label = f"{generator} K={k}{' shuffled' if shuffled else ''} {engine}"
                    project = rb.make_project(scratch / "runs" / label.replace(" ", "_"),
                                              corpus / "raw")
                    override = project / "acceptance_override.yaml"
                    override.write_text(yaml.safe_dump({"topics": {"engine": engine}}),
                                        encoding="utf-8")
                    configs = [ROOT / "config" / "config.yaml", override] + [
                        p.resolve() for p in args.configfile]
                    run = rb.run_snakemake(project, configs, args.cores, hashseed="0",
                                           profile=None, extra_args=TARGETS, timeout=None,
                                           label=label)
                    if run["returncode"] != 0:
                        rb.fail(run, project, label)
                        status = 1
                        continue
                    rec = rb.topic_recovery(project / "results", truth)
                    row = {"generator": generator, "K_true": k, "shuffled": shuffled,
                           "engine": engine, "K": rec.get("k"),
                           "identified": rec.get("identified"),
                           "recovery": None if shuffled else rec.get("recovery"),
                           "verdict": rec.get("verdict"), "wall_s": run["wall_s"],
                           "commit": meta["git"]["commit"][:12]
                           + ("+" if meta["git"]["dirty"] else "")}
                    row["pass"] = passed(row)
                    rows = [r for r in rows if (r["generator"], r["K_true"], r["shuffled"],
                                                r["engine"]) != (generator, k, shuffled, engine)]
                    rows.append(row)
                    write()
                    print(f"[{label}] K={row['K']} identified={row['identified']} "
                          f"recovery={rb.fmt(row['recovery'], 3)} pass={row['pass']} "
                          f"({run['wall_s']:.0f} s)", flush=True)
                    shutil.rmtree(project, ignore_errors=True)
    write()
    print(render(meta, rows))
    return status


if __name__ == "__main__":
    sys.exit(main())
