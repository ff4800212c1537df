"""Logistic fits behind the rewording rules of index/dupes/verify.py.

Usage:
    .venv/bin/python bench/dupes_fit.py

REWORD_PHRASE_WEIGHT: fits P(paraphrase) = sigmoid(b0 + b1 W + b2 J) on the MSRP *train*
pseudo-articles (as built by bench/dupes_eval.py), where W is the Jaccard of the two texts'
distinct content words and J the Jaccard of their bigrams, and prints the coefficients and the
line b0 + b1 W + b2 J = 0 written as W - k J >= c. Only the pairs that reach verification are
fitted (they share an LSH band and their signature estimate clears the floor): the line decides
those, and the few pairs lost before it, nearly all far apart, would only pull it toward them.
Never run on the test split: that is the held-out set.

PARAPHRASE_WEIGHTS: fits P(paraphrase) of one MSRP *train* sentence pair from
`verify.sentence_features` of the two sentences' fingerprints (all 4,076 pairs, each
sentence fingerprinted alone), and prints the intercept and weights with the sentence
accuracy, 10-fold cross-validated, against always answering "paraphrase". SPUN_WEIGHTS: the
same with a fifth feature, the Indel similarity of the two sentences' spelling
(`Fingerprint.sentence_texts`).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import numpy as np
from rapidfuzz.distance import Indel

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from dupes_eval import msrp_articles, msrp_sentence_pairs  # noqa: E402

from index.dupes import sketch  # noqa: E402
from index.dupes.shingles import Fingerprint, fingerprint  # noqa: E402
from index.dupes.verify import bigram_overlap, sentence_features, word_overlap  # noqa: E402

NEWTON_STEPS = 30
RIDGE = 1e-3
"""A touch of L2 on the slopes keeps the Newton steps well conditioned; it barely moves them."""
FOLDS = 10


def fit_logistic(features: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Intercept and slopes of a logistic regression, by Newton's method."""
    x = np.column_stack([np.ones(len(features)), features])
    weights = np.zeros(x.shape[1])
    ridge = RIDGE * np.diag([0.0] + [1.0] * features.shape[1])
    for _ in range(NEWTON_STEPS):
        p = 1 / (1 + np.exp(-x @ weights))
        gradient = x.T @ (p - labels) + ridge @ weights
        hessian = (x * (p * (1 - p))[:, None]).T @ x + ridge
        weights -= np.linalg.solve(hessian, gradient)
    return weights


def reaches_verification(a: Fingerprint, b: Fingerprint) -> bool:
    """True when DuplicateIndex would verify the pair: a shared band, an estimate over the floor."""
    sigs = sketch.signatures([a.shingles, b.shingles])
    keys = sketch.band_keys(sigs)
    estimate = sketch.estimate(sigs[:1], sigs[1:])[0]
    return bool((keys[0] == keys[1]).any()) and estimate >= sketch.ESTIMATE_FLOOR


def cross_validated_accuracy(features: np.ndarray, labels: np.ndarray) -> float:
    """Share of rows classified right by fits on the other FOLDS - 1 folds (every FOLDS-th row)."""
    right = 0
    for fold in range(FOLDS):
        test = np.arange(len(labels)) % FOLDS == fold
        weights = fit_logistic(features[~test], labels[~test])
        logits = weights[0] + features[test] @ weights[1:]
        right += int(np.count_nonzero((logits >= 0) == (labels[test] == 1)))
    return right / len(labels)


def fit_sentences(into: Path) -> None:
    """Print the sentence-pair paraphrase models (PARAPHRASE_WEIGHTS, SPUN_WEIGHTS)."""
    rows, labels = [], []
    for label, sentence_pairs in msrp_sentence_pairs(into, "train").items():
        for left, right in sentence_pairs:
            a, b = fingerprint(left), fingerprint(right)
            if len(a.tokens) and len(b.tokens):
                spelling = Indel.normalized_similarity(
                    " ".join(a.sentence_texts), " ".join(b.sentence_texts)
                )
                rows.append((*sentence_features(a.tokens.tolist(), b.tokens.tolist()), spelling))
                labels.append(float(label))
    spelled, truth = np.array(rows), np.array(labels)
    print(f"MSRP train: {len(rows)} sentence pairs, {truth.mean():.3f} paraphrases")
    for name, features in (("PARAPHRASE_WEIGHTS", spelled[:, :-1]), ("SPUN_WEIGHTS", spelled)):
        weights = fit_logistic(features, truth)
        print(f"{name} = ({', '.join(f'{w:.2f}' for w in weights)})")
        accuracy = cross_validated_accuracy(features, truth)
        print(f"  sentence accuracy, {FOLDS}-fold: {accuracy:.3f}")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        texts, pairs = msrp_articles(Path(tmp), "train")
        fit_sentences(Path(tmp))
    rows, labels = [], []
    for left, right, is_copy in pairs:
        a, b = fingerprint(texts[left]), fingerprint(texts[right])
        if not reaches_verification(a, b):
            continue
        short, long = (a, b) if len(a.tokens) <= len(b.tokens) else (b, a)
        jaccard, _, _ = bigram_overlap(short, long)
        rows.append((word_overlap(short, long), jaccard))
        labels.append(float(is_copy))
    b0, b1, b2 = fit_logistic(np.array(rows), np.array(labels))
    print(f"MSRP train: {len(rows)} of {len(pairs)} article pairs reach verification")
    print(f"logit = {b0:.2f} + {b1:.2f} W + {b2:.2f} J")
    print(f"line: W - {-b2 / b1:.3f} J >= {-b0 / b1:.3f}")


if __name__ == "__main__":
    main()
