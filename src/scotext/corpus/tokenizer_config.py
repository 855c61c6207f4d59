"""Build the corpus Tokenizer from the config and lexicon files (one place for all stages)."""

from __future__ import annotations


def tokenizer_from_files(*, spelling_variants, spelling_direction, domain_stopwords,
                         standard_stopwords, multiword, lemma_overrides, min_chars,
                         keep_numbers):
    from scotext.corpus.spelling import load_spelling_map
    from scotext.corpus.tokens import Tokenizer, load_pairs, load_stopwords, read_lines

    return Tokenizer(
        stopwords=load_stopwords(domain_stopwords, standard_stopwords),
        multiword=read_lines(multiword),
        spelling=load_spelling_map(spelling_variants, spelling_direction),
        lemma_overrides=load_pairs(lemma_overrides),
        min_chars=min_chars,
        keep_numbers=keep_numbers,
    )


def tokenizer_from_job(inputs, tokens: dict, spelling_direction: str):
    """The Tokenizer of a Snakemake job whose inputs name the four lexicons
    (spelling_variants, domain_stopwords, multiword, lemma_overrides) and whose params give
    the ``tokens`` config section and the spelling direction."""
    return tokenizer_from_files(
        spelling_variants=inputs.spelling_variants, spelling_direction=spelling_direction,
        domain_stopwords=inputs.domain_stopwords,
        standard_stopwords=tokens["standard_stopwords"], multiword=inputs.multiword,
        lemma_overrides=inputs.lemma_overrides, min_chars=tokens["min_chars"],
        keep_numbers=tokens["keep_numbers"])
