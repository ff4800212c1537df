"""Word-by-word alignment of two articles for the side-by-side duplicate view."""

from __future__ import annotations

import re
import unicodedata

from rapidfuzz.distance import Indel

from index.models import AlignedSegment, Span

_WORD = re.compile(r"\S+")
_EDGE_PUNCT = re.compile(r"^\W+|\W+$")


def _words(text: str) -> tuple[list[str], list[Span]]:
    """Comparison keys (case, accents and edge punctuation ignored) and spans of each word."""
    keys: list[str] = []
    spans: list[Span] = []
    for match in _WORD.finditer(text):
        word = unicodedata.normalize("NFKC", match.group()).casefold()
        keys.append(_EDGE_PUNCT.sub("", word) or word)
        spans.append(match.span())
    return keys, spans


def _span(spans: list[Span], start: int, end: int, text_len: int) -> Span:
    """Characters covered by words [start, end); an empty range sits where the words would go."""
    if start < end:
        return spans[start][0], spans[end - 1][1]
    position = spans[start][0] if start < len(spans) else text_len
    return position, position


def align_words(left: str, right: str) -> list[AlignedSegment]:
    """Align two texts word by word into equal / changed / inserted / deleted runs.

    Uses the longest common subsequence of words (rapidfuzz Indel), so shared passages line
    up even when sentences were added, cut or reworded between them; a deletion next to an
    insertion is reported as one changed run.
    """
    left_keys, left_spans = _words(left)
    right_keys, right_spans = _words(right)
    runs: list[tuple[str, int, int, int, int]] = []
    for op in Indel.opcodes(left_keys, right_keys):
        kind = {"equal": "equal", "delete": "deleted", "insert": "inserted"}[op.tag]
        if runs and runs[-1][0] in {"deleted", "inserted", "changed"} and kind != "equal":
            _, ls, _, rs, _ = runs[-1]
            kind = "changed" if runs[-1][0] != kind or runs[-1][0] == "changed" else kind
            runs[-1] = (kind, ls, op.src_end, rs, op.dest_end)
        else:
            runs.append((kind, op.src_start, op.src_end, op.dest_start, op.dest_end))
    return [
        AlignedSegment(
            kind,  # type: ignore[arg-type]
            _span(left_spans, ls, le, len(left)),
            _span(right_spans, rs, re_, len(right)),
        )
        for kind, ls, le, rs, re_ in runs
    ]
