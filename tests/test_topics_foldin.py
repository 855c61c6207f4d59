"""Fold-in of units given fixed topics (scotext.topics.foldin): the posterior mean of theta by
collapsed Gibbs sampling, checked against exact enumeration, and document completion."""

import itertools

import numpy as np
import pytest
from scipy import sparse
from scipy.special import gammaln

from scotext.topics.foldin import completion_loglik, foldin_theta


def _exact_posterior_mean(beta, alpha, words):
    """E[theta | w, beta, alpha] by enumerating every assignment z of the unit's tokens:
    p(z | w) ∝ prod_i beta[z_i, w_i] * DirMult(n(z) | alpha), E[theta | z] = (n + alpha) / (N + A)."""
    K, A, N = beta.shape[0], alpha.sum(), len(words)
    num, den = np.zeros(K), 0.0
    for z in itertools.product(range(K), repeat=N):
        n = np.bincount(z, minlength=K)
        log_p = (sum(np.log(beta[k, w]) for k, w in zip(z, words))
                 + gammaln(A) - gammaln(N + A) + np.sum(gammaln(n + alpha) - gammaln(alpha)))
        p = np.exp(log_p)
        num += p * (n + alpha) / (N + A)
        den += p
    return num / den


def _row(words, V):
    m = sparse.csr_matrix((np.ones(len(words), dtype=np.int64), (np.zeros(len(words), int), words)),
                          shape=(1, V))
    m.sum_duplicates()
    return m


@pytest.mark.parametrize("words", [[0], [0, 3], [1, 2, 2], [0, 1, 2, 3]])
def test_posterior_mean_matches_exact_enumeration(words):
    rng = np.random.default_rng(5)
    beta = rng.dirichlet(np.ones(4), size=3)              # K=3 topics over 4 words
    alpha = np.array([0.3, 0.6, 1.2])
    exact = _exact_posterior_mean(beta, alpha, words)
    est = foldin_theta(beta, alpha, _row(words, 4), sweeps=5000, burn_in=50, seed=1)[0]
    print(f"\nwords {words}: exact {np.round(exact, 4)}, fold-in {np.round(est, 4)}")
    np.testing.assert_allclose(est, exact, atol=0.008)
    # the prior alone would be far off: the data matter
    assert np.abs(alpha / alpha.sum() - exact).max() > 0.02


def test_pure_units_get_their_topic_and_empty_units_the_prior():
    beta = np.full((3, 9), 1e-3)
    for k in range(3):
        beta[k, 3 * k:3 * k + 3] = 1.0
    beta /= beta.sum(axis=1, keepdims=True)
    counts = sparse.csr_matrix(np.array([[5, 4, 3, 0, 0, 0, 0, 0, 0],
                                         [0, 0, 0, 0, 0, 0, 2, 6, 1],
                                         [0] * 9,
                                         [0, 0, 0, 3, 3, 3, 0, 0, 0]]))
    alpha = np.array([0.1, 0.2, 0.3])
    theta = foldin_theta(beta, alpha, counts, sweeps=50, burn_in=10, seed=0)
    np.testing.assert_allclose(theta.sum(axis=1), 1.0)
    assert list(np.argmax(theta[[0, 1, 3]], axis=1)) == [0, 2, 1]
    assert theta[0, 0] > 0.9 and theta[1, 2] > 0.9
    np.testing.assert_allclose(theta[2], alpha / alpha.sum())


def test_deterministic_for_a_seed():
    rng = np.random.default_rng(0)
    beta = rng.dirichlet(np.ones(30), size=4)
    counts = sparse.csr_matrix(rng.poisson(0.5, size=(40, 30)))
    a = foldin_theta(beta, 0.1, counts, sweeps=10, burn_in=2, seed=3)
    b = foldin_theta(beta, 0.1, counts, sweeps=10, burn_in=2, seed=3)
    c = foldin_theta(beta, 0.1, counts, sweeps=10, burn_in=2, seed=4)
    assert a.tobytes() == b.tobytes()
    assert not np.array_equal(a, c)


def test_one_topic_completion_is_the_unigram_score():
    beta = np.array([[0.1, 0.2, 0.3, 0.15, 0.15, 0.1]])
    observed = sparse.csr_matrix(np.array([[1, 0, 2, 0, 0, 0], [0, 0, 0, 0, 0, 0]]))
    heldout = sparse.csr_matrix(np.array([[0, 1, 1, 0, 0, 3], [2, 0, 0, 0, 1, 0]]))
    ll, n = completion_loglik(beta, [1.0], observed, heldout)
    np.testing.assert_allclose(ll, [np.log(0.2) + np.log(0.3) + 3 * np.log(0.1),
                                    2 * np.log(0.1) + np.log(0.15)])
    assert n.tolist() == [5, 3]


def test_completion_uses_the_observed_tokens_and_beats_the_prior():
    """A unit whose observed half is about topic 1 predicts held-out words of topic 1 better
    than the prior mean would; replacing the observed half by words of another topic makes
    the same held-out tokens less likely (theta comes from the observed half)."""
    beta = np.full((2, 4), 0.02)
    beta[0, :2] = 0.48
    beta[1, 2:] = 0.48
    held = sparse.csr_matrix(np.array([[0, 0, 2, 1]]))
    same = sparse.csr_matrix(np.array([[0, 0, 3, 3]]))
    other = sparse.csr_matrix(np.array([[3, 3, 0, 0]]))
    ll_same, _ = completion_loglik(beta, 0.5, same, held, sweeps=200, burn_in=20)
    ll_other, _ = completion_loglik(beta, 0.5, other, held, sweeps=200, burn_in=20)
    prior = 3 * np.log(0.5 * 0.02 + 0.5 * 0.48)
    assert ll_same[0] > prior > ll_other[0]


def test_bad_input_is_refused():
    beta = np.full((2, 3), 1 / 3)
    counts = sparse.csr_matrix(np.ones((2, 3), dtype=np.int64))
    with pytest.raises(ValueError, match="K x 4"):
        foldin_theta(beta, 0.1, sparse.csr_matrix(np.ones((2, 4), dtype=np.int64)))
    with pytest.raises(ValueError, match="positive"):
        foldin_theta(np.array([[0.5, 0.5, 0.0], [0.2, 0.3, 0.5]]), 0.1, counts)
    with pytest.raises(ValueError, match="alpha"):
        foldin_theta(beta, -1.0, counts)
    with pytest.raises(ValueError, match="sweeps"):
        foldin_theta(beta, 0.1, counts, sweeps=0)
    with pytest.raises(ValueError, match="differ in shape"):
        completion_loglik(beta, 0.1, counts, counts[:1])
