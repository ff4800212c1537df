"""Positions decoded many at a time equal pickle's own decoding, for every way they are written."""

from __future__ import annotations

import random

import numpy as np
from whoosh import formats

from index.phrase import phrase_rows, phrase_starts
from index.positions import decode, decode_one
from index.postings import Values
from index.segment_postings import TokenStream


def _values(encoded: list[bytes]) -> Values:
    lengths = np.array([len(value) for value in encoded], dtype=np.int64)
    data = np.frombuffer(b"".join(encoded), dtype=np.uint8)
    return Values(data, np.cumsum(lengths) - lengths, lengths)


def _random_positions(rng: random.Random) -> list[int]:
    # Gaps of every width: one byte, two, four (a word 70,000 words after the last).
    reach = rng.choice([200, 200, 60_000, 70_000])
    return sorted(rng.sample(range(reach), rng.randint(1, 12)))


def _writer_values(documents: list[list[int]]) -> list[bytes]:
    """What the segment writer stores: one term ("w") at the given positions of each doc."""
    stream = TokenStream()
    for number, positions in enumerate(documents):
        words = ["x"] * (positions[-1] + 1)
        for position in positions:
            words[position] = "w"
        stream.add(number, words)
    postings = stream.postings(formats.Positions())
    term = postings.terms.index("w")
    start = int(postings.counts[:term].sum())
    return postings.values[start : start + len(documents)]


def test_the_writers_values_and_whooshs_own_decode_alike() -> None:
    rng = random.Random(7)
    documents = [_random_positions(rng) for _ in range(80)]
    written = _writer_values(documents)
    # Whoosh's own encoding (a segment Whoosh merged): memo opcodes, mixed widths.
    whoosh_written = [formats.Positions().encode(p) for p in documents]
    mixed = [rng.choice(pair) for pair in zip(written, whoosh_written, strict=True)]
    for encoded in (written, whoosh_written, mixed):
        rows, positions = decode(_values(encoded))
        expected = [(row, p) for row, value in enumerate(encoded) for p in decode_one(value)]
        assert list(zip(rows.tolist(), positions.tolist(), strict=True)) == expected
        assert [list(decode_one(value)) for value in encoded] == documents


def test_decoding_a_subset_of_a_shared_buffer() -> None:
    rng = random.Random(8)
    documents = [_random_positions(rng) for _ in range(50)]
    values = _values(_writer_values(documents))
    rows = np.array([3, 4, 17, 49])
    found_rows, positions = decode(values.take(rows))
    assert positions.tolist() == [p for row in rows.tolist() for p in documents[row]]
    assert found_rows.tolist() == [i for i, row in enumerate(rows.tolist()) for _ in documents[row]]


def test_phrase_rows_agree_with_the_one_by_one_matcher() -> None:
    rng = random.Random(9)
    first = [_random_positions(rng) for _ in range(60)]
    # The second word right after the first in some documents, elsewhere at random.
    second = [
        sorted({p + 1 for p in positions[: rng.randint(0, 2)]} | set(_random_positions(rng)))
        for positions in first
    ]
    words = [_writer_values(first), _writer_values(second)]
    starts = [phrase_starts([words[0][i], words[1][i]]) for i in range(60)]
    rows, counts = phrase_rows([_values(w) for w in words])
    assert rows.tolist() == [i for i in range(60) if starts[i]]
    assert counts.tolist() == [len(found) for found in starts if found]
    assert 0 < len(rows) < 60 and counts.max() > 1
