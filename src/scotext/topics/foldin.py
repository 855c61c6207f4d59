"""Topic mixtures of units given fixed topics, by collapsed Gibbs sampling ("fold-in"), and
the held-out score of document completion computed from them: one implementation for every
engine, which only has to provide its topic-word matrix beta (K x V) and its prior alpha.

Why not each engine's own inference. gensim's ``transform`` is a variational
approximation (mean of q(theta)), tomotopy's a Gibbs sample with its own conventions; a
held-out score that compares K values, engines and the one-topic baseline has to be the
same computation for all of them, and has to integrate over theta rather than plug in
one estimate (Wallach et al. 2009, "Evaluation methods for topic models", ICML).

What is computed. For a unit with observed tokens w_obs and fixed beta, alpha, collapsed
Gibbs sampling of the observed tokens' topic assignments z (theta integrated out):

    p(z_i = k | z_-i, w_obs) ∝ (n_dk^-i + alpha_k) * beta_k,w_i

run for ``sweeps`` sweeps after ``burn_in`` sweeps; every kept sweep contributes the
Rao-Blackwellised posterior mean E[theta_d | z] = (n_dk + alpha_k) / (n_d + sum alpha),
and ``foldin_theta`` returns their average: an estimate of E[theta_d | w_obs, beta, alpha],
the posterior mean of the mixture. Each held-out token w of the unit is then scored by its
posterior predictive probability

    p(w | w_obs) = ∫ sum_k theta_k beta_kw p(theta | w_obs) dtheta = sum_k E[theta_k | w_obs] beta_kw

which is exact given that posterior mean (the predictive is linear in theta): theta is
integrated over, not replaced by a point estimate. ``completion_loglik`` returns per unit
the sum of the log predictive probabilities of its held-out tokens (each token given the
observed part only; the usual document-completion score, e.g. Asuncion et al. 2009, with
the posterior of theta instead of a point estimate). With K = 1 theta is 1 and the score
is the smoothed unigram model's.

Computation. Every unit's tokens (its words in column order, each repeated by its count)
are sampled in order, sequentially within a unit (exact Gibbs), all units side by side
(numpy, one step per token position): units are sorted by length, so the units still
holding a token at position j are a prefix of the rows. Initial assignments are drawn
independently from p(k | w) ∝ alpha_k beta_kw. Deterministic for ``seed`` (numpy
``Generator``; the draws depend only on the matrix, beta, alpha and the settings).
"""

from __future__ import annotations

import numpy as np

from .data import as_counts


def _check(beta, alpha, n_words):
    beta = np.asarray(beta, dtype=np.float64)
    if beta.ndim != 2 or beta.shape[1] != n_words:
        raise ValueError(f"beta must be K x {n_words}, got shape {beta.shape}")
    if not np.all(np.isfinite(beta)) or np.any(beta <= 0):
        raise ValueError("beta must be finite and positive (a smoothed topic-word matrix)")
    alpha = np.broadcast_to(np.asarray(alpha, dtype=np.float64), (beta.shape[0],)).copy()
    if not np.all(np.isfinite(alpha)) or np.any(alpha <= 0):
        raise ValueError("alpha must be positive")
    return beta, alpha


def _tokens(m):
    """Per unit (rows of csr ``m``): token word ids in column order, lengths."""
    lengths = np.asarray(m.sum(axis=1), dtype=np.int64).ravel()
    words = np.repeat(m.indices.astype(np.int64), m.data.astype(np.int64))
    return words, lengths


def foldin_theta(beta, alpha, counts, *, sweeps: int = 30, burn_in: int = 10,
                 seed: int = 0) -> np.ndarray:
    """Posterior mean topic mixture (units x K, rows sum to 1) of every row of ``counts``
    given the fixed topics ``beta`` and prior ``alpha`` (see the module docstring).

    ``sweeps``: kept Gibbs sweeps (averaged); ``burn_in``: sweeps discarded first. A row
    without tokens gets the prior mean alpha / sum(alpha).
    """
    m = as_counts(counts)
    beta, alpha = _check(beta, alpha, m.shape[1])
    if isinstance(sweeps, bool) or int(sweeps) < 1 or int(burn_in) < 0:
        raise ValueError(f"sweeps must be >= 1 and burn_in >= 0, got {sweeps}, {burn_in}")
    n, K = m.shape[0], beta.shape[0]
    theta = np.tile(alpha / alpha.sum(), (n, 1))
    if n == 0 or K == 1:
        return np.ones((n, 1)) if K == 1 else theta
    words, lengths = _tokens(m)
    order = np.argsort(-lengths, kind="stable")            # longest first: active = prefix
    L = int(lengths.max()) if n else 0
    if L == 0:
        return theta
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    sl = lengths[order]
    # W[r, j]: word of position j of the r-th longest unit (only j < length used)
    W = np.zeros((n, L), dtype=np.int64)
    pos = np.arange(L)
    valid = pos[None, :] < sl[:, None]
    flat = (starts[order][:, None] + pos[None, :])[valid]
    W[valid] = words[flat]
    active = (sl[None, :] > pos[:, None]).sum(axis=1)      # units with a token at position j
    beta_t = np.ascontiguousarray(beta.T)                  # V x K
    rng = np.random.default_rng(seed)

    # initial assignments from p(k | w) ∝ alpha_k beta_kw, independently per token
    Z = np.zeros((n, L), dtype=np.int64)
    p0 = beta_t[W[valid]] * alpha
    cs = np.cumsum(p0, axis=1)
    u = rng.random(cs.shape[0]) * cs[:, -1]
    Z[valid] = np.minimum((cs < u[:, None]).sum(axis=1), K - 1)
    ndk = np.zeros((n, K))
    rows = np.repeat(np.arange(n), sl)
    np.add.at(ndk, (rows, Z[valid]), 1.0)

    acc = np.zeros((n, K))
    for sweep in range(int(burn_in) + int(sweeps)):
        for j in range(L):
            r = int(active[j])
            idx = np.arange(r)
            z_old = Z[:r, j]
            ndk[idx, z_old] -= 1.0
            p = (ndk[:r] + alpha) * beta_t[W[:r, j]]
            cs = np.cumsum(p, axis=1)
            u = rng.random(r) * cs[:, -1]
            z_new = np.minimum((cs < u[:, None]).sum(axis=1), K - 1)
            ndk[idx, z_new] += 1.0
            Z[:r, j] = z_new
        if sweep >= int(burn_in):
            acc += ndk
    mean_ndk = acc / int(sweeps)
    out = (mean_ndk + alpha) / (sl[:, None] + alpha.sum())
    theta[order] = out
    return theta


def completion_loglik(beta, alpha, observed, heldout, *, sweeps: int = 30,
                      burn_in: int = 10, seed: int = 0):
    """Document completion: per unit, the log posterior predictive probability of its
    held-out tokens given its observed ones (see the module docstring).

    Returns ``(loglik, n_heldout)``: two arrays with one value per row (the sum of the
    log probabilities of the row's held-out tokens, and their number). Rows without
    held-out tokens score 0 with 0 tokens.
    """
    obs = as_counts(observed)
    held = as_counts(heldout)
    if obs.shape != held.shape:
        raise ValueError(f"observed {obs.shape} and heldout {held.shape} differ in shape")
    beta, alpha = _check(beta, alpha, obs.shape[1])
    theta = foldin_theta(beta, alpha, obs, sweeps=sweeps, burn_in=burn_in, seed=seed)
    rows = np.repeat(np.arange(held.shape[0]), np.diff(held.indptr))
    p = np.einsum("ik,ki->i", theta[rows], beta[:, held.indices])
    ll = np.bincount(rows, weights=held.data.astype(np.float64) * np.log(p),
                     minlength=held.shape[0])
    n_held = np.asarray(held.sum(axis=1), dtype=np.int64).ravel()
    return ll, n_held
