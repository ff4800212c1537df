"""Fingerprint of an article: normalised content-word tokens by sentence, its figures, names,
shingles."""

from __future__ import annotations

import hashlib
import re
import struct
import unicodedata
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import Stemmer

from index.models import Span

# Function words carry the rewording noise of spun copies ("is crediting his" vs "credited
# his") and make unrelated articles share bigrams ("of the"); dropping them and stemming
# the rest keeps reworded copies close and pushes unrelated ones apart.
STOPWORDS = frozenset(
    """a about above after again all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further
    had has have having he her here hers him his how i if in into is it its itself just me more
    most my no nor not now of off on once only or other our ours out over own s said same says
    she should so some such t than that the their theirs them then there these they this those
    through to too under until up very was we were what when where which while who whom why
    will with would you your""".split()
)
# One pass finds the words and the sentence ends (terminal punctuation before a space, or a
# blank line); no word starts with ".", "!", "?" or a newline, so the two never mix. Dotted
# initials ("u.s.", "u.n."), "per cent" and "united states" are single words, spelled as other
# outlets do (see _SPELLINGS); the dot after an initial is then no sentence end.
_TOKEN = re.compile(
    r"[a-z]\.(?:[a-z]\.)+|per cent\b|united states\b|\w+|[.!?][\"')\]]*\s|\n[ \t]*\n"
)
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})
_STEMMER = Stemmer.Stemmer("english")
_STOP, _BREAK = 1, 2
"""Codes of stopwords and sentence ends; stem hashes are never below 3 (see _code), and no code
is 0, so a cache miss is simply a falsy lookup."""
_SMALL_NUMBERS = "one two three four five six seven eight nine ten eleven twelve".split()
_MONTHS = "january february march april june july august september october november december"
_MONTH_ABBREVIATIONS = {
    "jan": "january",
    "feb": "february",
    "apr": "april",
    "jun": "june",
    "jul": "july",
    "aug": "august",
    "sep": "september",
    "sept": "september",
    "oct": "october",
    "nov": "november",
    "dec": "december",
}
_WIRE_ABBREVIATIONS = {
    "shr": "share",
    "shrs": "shares",
    "qtr": "quarter",
    "mths": "months",
    "mos": "months",
}
"""The wire's abbreviations that its own copies spell out: a flash's "3RD QTR SHARE 44 CTS"
over the "Shr 44 cts" of its table, a notice re-filed as "Shr six cts vs six cts prior qtr",
"Six mths" and "Six months" in one report filed twice (dupes_dev.tsv twenty-fourth batch: the
3 pairs newly grouped are one article). "Qtly", "mln", "dlrs" and "cts" stay as written:
spelled out, they made 5 more dividend and earnings flashes of other companies pass as copies
(dupes_dev.tsv: 1 more true pair, 5 more false)."""
_SPELLINGS = (
    {"pct": "percent", "per cent": "percent", "united states": "us"}
    | _WIRE_ABBREVIATIONS
    | {word: str(value) for value, word in enumerate(_SMALL_NUMBERS, start=1)}
    | _MONTH_ABBREVIATIONS
)
"""One spelling for a word that outlets write differently ("5 pct", "5 per cent", "5 percent";
"U.S.", "US" and "United States"; "ten pct" and "10 pct"; "Aug 3" and "August 3"): a
rewording's choice of house style is no change of wording, and a figure spelled out is the
same figure. The dots of initials mattered more: "U.K. MONEY MARKET GIVEN 24 MLN STG
ASSISTANCE" counted as two sentences, so the rules for briefs and one-sentence headlines
passed such templates by (dupes_dev.tsv seventh batch). Spelled figures, month
abbreviations and "United States": MSRP train 402 -> 410 paraphrase articles found, 19 -> 21
false; on the corpora 30 grouped pairs change, all read (eighth batch of dupes_dev.tsv): 15
more same-article pairs ("March eight" / "March 8", "Jan 20" / "January 20", a flash's "FEB 23
WEEK") and 5 fewer templates, follow-ups and replies, against 5 more of those and 5
same-article pairs lost (two bulletins whose one corrected figure is now seen: "August six"
/ "April six"; dupes_dev.tsv P 0.821 R 0.733 -> P 0.835 R 0.809)."""
_CODES: dict[str, int] = {}
_KIND_SHIFT = 32
_CODES_LIMIT = 2_000_000


def _code(token: str) -> int:
    """Stable 32-bit hash of the token's stem (Python's hash() changes between runs and stored
    data must not), or _STOP / _BREAK; above the 32 bits, what kind of figure it may be (see
    _NUMBER_WORDS). Cached: stemming every occurrence would dominate, and one C-speed lookup a
    word then gives both."""
    code = _CODES.get(token)
    if code is None:
        kind = _DIGITS if token[0].isdigit() else _NUMBER_WORDS.get(token, 0)
        if token in STOPWORDS:
            code = _STOP
        elif not token[0].isalnum() and token[0] != "_":
            code = _BREAK
        else:
            stem = _STEMMER.stemWord(_SPELLINGS.get(token) or token.replace(".", "")).encode()
            code = max(3, int.from_bytes(hashlib.blake2b(stem, digest_size=4).digest(), "big"))
        code |= kind << _KIND_SHIFT
        _CODES[token] = code
    return code


_NO_CODES = np.zeros(0, dtype=np.uint32)


@dataclass(frozen=True)
class Fingerprint:
    """Content-word stem hashes in text order, where each sentence ends, the figures, the names."""

    tokens: np.ndarray
    """uint32 stem hashes of the content words, boilerplate excluded."""
    sentence_ends: np.ndarray
    """uint32 offsets into `tokens` where each sentence ends (the last one is len(tokens))."""
    figures: np.ndarray
    """(n, 4) uint32 rows (context, figure, start, end), one per occurrence: each figure (a run
    of number tokens, hashed) with the content word before it (0 when none), so that "paying
    8-1/4" against "paying 4-3/8" shows one template filled with other figures, while a figure
    only one text has does not; and where its tokens lie in `tokens` ([start, end)), so that
    a sentence's figures and its wording around them can be compared too."""
    digest: bytes
    """Hash of the token sequence: equal digests mean the same text after cleaning."""
    quotes: bool = False
    """True when the text quoted other messages (left out of the tokens) or answers one: a mail
    or news reply, which may open with the post it answers (see `verify.opens`)."""
    names: np.ndarray = field(default_factory=lambda: _NO_CODES)
    """Sorted unique uint32 stem hashes of the names in its body (see `_names`)."""
    spelling: bytes = b""
    """The lower-case text the tokens were read from, compressed (see `_compressed`): how each
    sentence is spelled, stopwords and word forms included (see `sentence_texts`); empty for
    texts the sentence model never reads (see `fingerprint`)."""
    companies: np.ndarray = field(default_factory=lambda: _NO_CODES)
    """Sorted unique uint32 stem hashes of the companies its headline names by a ticker mark
    (see `_companies`)."""

    @cached_property
    def numbers(self) -> frozenset[int]:
        """The distinct figures, whatever their context."""
        return frozenset(self.figures[:, 1].tolist())

    @cached_property
    def contexts(self) -> dict[int, frozenset[int]]:
        """Figures by the word before them (figures without one left out)."""
        found: dict[int, set[int]] = {}
        for context, figure, _, _ in self.figures.tolist():
            if context:
                found.setdefault(context, set()).add(figure)
        return {context: frozenset(figures) for context, figures in found.items()}

    @cached_property
    def words(self) -> np.ndarray:
        """Sorted unique content-word hashes."""
        return np.unique(self.tokens)

    @cached_property
    def shingles(self) -> np.ndarray:
        """Sorted unique uint64 word bigrams (unigrams for one-word texts)."""
        return bigrams(self.tokens)

    @cached_property
    def sentences(self) -> list[frozenset[int]]:
        """The distinct token hashes of each sentence."""
        tokens = self.tokens.tolist()
        starts = [0, *self.sentence_ends[:-1].tolist()]
        return [
            frozenset(tokens[s:e]) for s, e in zip(starts, self.sentence_ends.tolist(), strict=True)
        ]

    @cached_property
    def postings(self) -> dict[int, list[int]]:
        """For each token hash, the sentences (by index) that contain it."""
        where: dict[int, list[int]] = {}
        for index, sentence in enumerate(self.sentences):
            for token in sentence:
                where.setdefault(token, []).append(index)
        return where

    @cached_property
    def sentence_texts(self) -> list[str]:
        """The spelling of each sentence (one per `sentence_ends`), read from `spelling` by the
        same pass as the fingerprint's own."""
        clean = zlib.decompress(self.spelling, -zlib.MAX_WBITS).decode() if self.spelling else ""
        found: list[str] = []
        start, has_words = 0, False
        for match in _TOKEN.finditer(clean):
            code = _code(match.group()) & 0xFFFFFFFF
            if code == _BREAK:
                if has_words:
                    found.append(clean[start : match.start()].strip())
                start, has_words = match.end(), False
            has_words |= code > _BREAK
        if has_words:
            found.append(clean[start:].strip())
        return found

    def without_headline(self) -> Fingerprint:
        """The fingerprint of the text after its first sentence (a titled article's headline),
        to compare bodies as copies (`verify.reheadlined`): names are the body's already, the
        companies the headline names are kept; the spelling, which only the sentence model for
        rewordings reads, is left out."""
        start = int(self.sentence_ends[0])
        figures = self.figures[self.figures[:, 2] >= start]
        figures = np.column_stack((figures[:, :2], figures[:, 2:] - start)).astype(np.uint32)
        ends = self.sentence_ends[1:] - np.uint32(start)
        tokens = self.tokens[start:]
        digest = _digest(tokens)
        return Fingerprint(
            tokens, ends, figures, digest, self.quotes, self.names, companies=self.companies
        )

    def to_bytes(self) -> bytes:
        """Compact storage form (read back with `from_bytes`)."""
        header = struct.pack(
            _HEADER,
            len(self.tokens),
            len(self.sentence_ends),
            len(self.figures),
            len(self.names),
            len(self.spelling),
            len(self.companies),
            self.quotes,
        )
        return (
            header
            + self.digest
            + self.tokens.astype("<u4").tobytes()
            + self.sentence_ends.astype("<u4").tobytes()
            + self.figures.astype("<u4").tobytes()
            + self.names.astype("<u4").tobytes()
            + self.companies.astype("<u4").tobytes()
            + self.spelling
        )

    @classmethod
    def from_bytes(cls, data: bytes) -> Fingerprint:
        """Inverse of `to_bytes`."""
        n_tokens, n_sentences, n_figures, n_names, n_spelling, n_companies, quotes = (
            struct.unpack_from(_HEADER, data)
        )
        pos = struct.calcsize(_HEADER)
        digest = data[pos : pos + 16]
        pos += 16
        tokens = np.frombuffer(data, "<u4", n_tokens, pos).astype(np.uint32)
        pos += 4 * n_tokens
        ends = np.frombuffer(data, "<u4", n_sentences, pos).astype(np.uint32)
        pos += 4 * n_sentences
        figures = np.frombuffer(data, "<u4", FIGURE_COLUMNS * n_figures, pos).astype(np.uint32)
        pos += 4 * FIGURE_COLUMNS * n_figures
        names = np.frombuffer(data, "<u4", n_names, pos).astype(np.uint32)
        pos += 4 * n_names
        companies = np.frombuffer(data, "<u4", n_companies, pos).astype(np.uint32)
        pos += 4 * n_companies
        figures = figures.reshape(-1, FIGURE_COLUMNS)
        spelling = data[pos : pos + n_spelling]
        return cls(tokens, ends, figures, digest, bool(quotes), names, spelling, companies)


def bigrams(tokens: np.ndarray) -> np.ndarray:
    """Sorted unique uint64 bigrams of a token sequence (unigrams for one-word sequences)."""
    t = tokens.astype(np.uint64)
    if len(t) < 2:
        return np.unique(t)
    return np.unique((t[:-1] << np.uint64(32)) | t[1:])


def _without(text: str, skip: Sequence[Span]) -> str:
    """The text with the skipped ranges blanked out as paragraph breaks (offsets need not hold)."""
    if not skip:
        return text
    parts: list[str] = []
    pos = 0
    for start, end in sorted(skip):
        parts.append(text[pos:start])
        parts.append("\n\n")
        pos = max(pos, end)
    parts.append(text[pos:])
    return "".join(parts)


_MARKUP = re.compile(r"</[A-Za-z][A-Za-z0-9]*\s*>|<[A-Za-z][A-Za-z0-9]*\s[^<>]*=[^<>]*>")
"""HTML markup left in a text by its source (an AG News item's stock-quote link: ``<A
HREF="http://...?ticker=6753.T ...">6753.T</A>``): closing tags, and opening tags with
attributes, so that Reuters' ticker marks ("First Interstate Bancorp <I>") stay words. Its
words made the copy of such an item without links share too little with it, and unrelated
items with links share a URL (dupes_dev.tsv twenty-first batch)."""
_QUOTE_LINK = re.compile(r":\s*Quote,\s*Profile,\s*Research\)")
"""The same links as other AG News items print them in plain text ("Diebold Inc. (DBD.N:
Quote, Profile, Research), the leading maker..."): only the ticker is kept, as of a link.
Their three capitalised words counted as names the other copy lacked (the thirtieth batch of
dupes_dev.tsv: a Reuters story and its update)."""


_MILLIONS = re.compile(r"(?<![\d,.])(\d{1,3}),(\d{3}),(\d{3})(?!\d|,\d)")
"""A figure of millions written out in full ("12,852,000"), which the wire's copies of one
report also round to millions with one decimal ("Net 12.9 mln vs 9,822,000"): it is read
rounded, so one figure is one figure however it is written (see `_in_millions`). On the
corpora 16 more pairs are grouped and 1 no longer is, all read (dupes_dev.tsv, 13 of them in
its twenty-ninth batch): 14 are one earnings report filed twice (once rounded, once re-filed
with operating figures or corrected) or a flash of it; 2 are not, an acquisition of another
amount by the same company and an offering followed up (its "3,500,000" now meeting "3.5
mln"), and the pair no longer grouped is an offering followed up too. MSRP train is
unchanged."""


def _in_millions(figure: re.Match[str]) -> str:
    """The figure of `_MILLIONS` matched, in millions with one decimal ("12.9")."""
    return f"{int(''.join(figure.groups())) / 1_000_000:.1f}"


def _straightened(text: str) -> str:
    """Unicode-compatible, straight-quoted text without markup (tags become spaces: they sit
    inside sentences, stock-quote links as their ticker), figures of millions rounded as the
    wire rounds them."""
    plain = _MARKUP.sub(" ", unicodedata.normalize("NFKC", text).translate(_QUOTES))
    return _MILLIONS.sub(_in_millions, _QUOTE_LINK.sub(")", plain))


def fingerprint(
    text: str,
    skip: Sequence[Span] = (),
    quotes: Sequence[Span] = (),
    replying: bool = False,
    spelled_from: int = 0,
) -> Fingerprint:
    """Fingerprint of `text` leaving out the `skip` character ranges (boilerplate) and the
    `quotes` (lines quoting other messages); a text `replying` to another quotes too. Its
    spelling is kept when it has `spelled_from` sentences or more and quotes nothing: the
    texts the sentence model that reads it may be asked about (`verify.SPUN_WEIGHTS`)."""
    if len(_CODES) >= _CODES_LIMIT:  # bounded; cleared between texts, never within one
        _CODES.clear()
    kept = _straightened(_without(text, [*skip, *quotes]))
    clean = kept.lower()
    words = _TOKEN.findall(clean)
    coded = list(map(_CODES.get, words))  # C-speed lookups; misses (None) are filled below
    if None in coded:
        for word in set(words).difference(_CODES):  # each new word once, not every word
            _code(word)
        coded = list(map(_CODES.__getitem__, words))
    packed = np.array(coded, dtype=np.uint64)
    codes = (packed & np.uint64(0xFFFFFFFF)).astype(np.uint32)
    keep = codes > _BREAK
    tokens = codes[keep]
    ends = np.unique(np.cumsum(keep)[codes == _BREAK]).astype(np.uint32)
    ends = ends[ends > 0]
    if len(tokens) and (not len(ends) or ends[-1] != len(tokens)):
        ends = np.append(ends, np.uint32(len(tokens)))
    figures = _figures(codes, (packed >> np.uint64(_KIND_SHIFT)).astype(np.int8))
    digest = _digest(tokens)
    quoting = bool(quotes) or replying
    spelling = b"" if quoting or len(ends) < spelled_from else _compressed(clean)
    return Fingerprint(
        tokens, ends, figures, digest, quoting, _names(kept), spelling, _companies(kept)
    )


def _digest(tokens: np.ndarray) -> bytes:
    """Hash of a token sequence (see `Fingerprint.digest`)."""
    return hashlib.blake2b(tokens.tobytes(), digest_size=16).digest()


def _compressed(clean: str) -> bytes:
    """The spelling in its stored form: raw deflate, Huffman coding alone. The spelling is
    written for most articles and read for the few pairs that reach the sentence model
    (`verify.SPUN_WEIGHTS`): this is twice as fast as zlib's fastest level, for a sixth more
    bytes (half the text's size)."""
    packer = zlib.compressobj(1, zlib.DEFLATED, -zlib.MAX_WBITS, 9, zlib.Z_HUFFMAN_ONLY)
    return packer.compress(clean.encode()) + packer.flush()


_HEADER = "<IIIIIIB"
"""Counts of tokens, sentence ends, figures and names, the spelling's length, the count of
companies, the quote flag."""
_NAME = re.compile(r"(?<=[a-z0-9,;:%)][ \t])[A-Z][a-z][A-Za-z]*")
"""A capitalised word inside a sentence (after a lower-case word, a figure or a comma and one
space), so neither the first word of a sentence nor an upper-case headline or acronym. The
capital letter comes first in the pattern: a third faster than the space first."""
_NOT_NAMES = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december reuter reuters""".split()
)
"""Capitalised, but no name of whom or what a story tells: an update filed the next day names
another weekday, a wire copy its agency."""


def _names(text: str) -> np.ndarray:
    """Stem hashes of the names (see _NAME) after the first line, the people, companies and
    places the article tells of (the first line is left out: a headline in title case is all
    capitals)."""
    found = {word.lower() for word in _NAME.findall(text.partition("\n")[2])} - _NOT_NAMES
    return _word_codes(found)


def _word_codes(words: Iterable[str]) -> np.ndarray:
    """Sorted unique uint32 stem hashes of these words, stopwords left out (the text's words
    were just coded: the cache of `_code` finds nearly every one)."""
    codes = {_code(word) & 0xFFFFFFFF for word in words}
    return np.array(sorted(code for code in codes if code > _BREAK), dtype=np.uint32)


_TICKER_MARK = re.compile(r"<([A-Z][A-Z0-9]*)(?:\.[A-Z]+)?>")
"""A wire's mark of a company's ticker ("MURPHY OIL <MUR> RAISES CRUDE POSTINGS", "LADD
FURNITURE <LADF.O>"), the exchange's suffix aside."""
_NAME_WORD = re.compile(r"\w+")


def _companies(text: str) -> np.ndarray:
    """Stem hashes of the companies the headline (first line) names by a ticker mark: each
    ticker and the words before it, from the start of the line or the mark before. Dots are
    dropped ("C.O.M.B." and "C.O.M.B" are one name); see `verify.other_companies`."""
    headline = text.partition("\n")[0]
    words: list[str] = []
    start = 0
    for mark in _TICKER_MARK.finditer(headline):
        words += _NAME_WORD.findall(headline[start : mark.start()].replace(".", "").lower())
        words.append(mark.group(1).lower())
        start = mark.end()
    return _word_codes(words)


FIGURE_COLUMNS = 4
_NO_FIGURES = np.zeros((0, FIGURE_COLUMNS), dtype=np.uint32)
_DIGITS, _SPELLED, _MONTH = 1, 2, 3
_NUMBER_WORDS = dict.fromkeys(_SMALL_NUMBERS, _SPELLED) | dict.fromkeys(
    [*_MONTHS.split(), *_MONTH_ABBREVIATIONS], _MONTH
)
"""Wire bulletins spell small figures out ("Fed sets one billion dlr customer repurchase"),
and a date is one figure ("Pay April 28" against "Pay July 28"; "Pay Aug Five" is "Pay
August 5"), but a month without a number beside it is a word ("February production
was..."); "may" is too often a verb."""
_VERSION_MARK = "update"
"""Wire version markers ("UPDATE 2:") number revisions of one story: not a figure."""


def _ordinal(number: int) -> str:
    """The ordinal of a number written with figures: "1st", "2nd", "11th", "23rd"."""
    suffix = (
        "th" if 11 <= number % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


ORDINALS = frozenset(_code(_ordinal(number)) & 0xFFFFFFFF for number in range(1, 32))
"""The figures of the ordinals "1st" to "31st" (each a run of one token, hashed as its token):
in a headline they name a report's period ("4TH QTR NET"), not its news (see
`verify.headline_told`)."""


CORRECTION = _code("corrected") & 0xFFFFFFFF
"""The stem of "CORRECTED" and "CORRECTION", which the wire puts in the headline of a story
filed again with its errors corrected (see `verify.CORRECTED_KEPT`)."""


def _figures(codes: np.ndarray, kinds: np.ndarray) -> np.ndarray:
    """(context, figure, start, end) rows: runs of adjacent number words ("8-1/4" is 8, 1, 4;
    "from 13 to 12.6" is two runs) hashed, each with the content word before it and the
    run's place among the content-word tokens; ``kinds`` tells which words may be figures."""
    if not kinds.any():
        return _NO_FIGURES
    numbers = (kinds == _DIGITS) | (kinds == _SPELLED)
    beside_number = np.zeros_like(numbers)
    beside_number[1:] |= numbers[:-1]
    beside_number[:-1] |= numbers[1:]
    numeric = numbers | ((kinds == _MONTH) & beside_number)
    flags = numeric.tolist()
    values = codes.tolist()
    # Number words are content words: a run's first word sits at this offset in `tokens`.
    offsets = (np.cumsum(codes > _BREAK) - 1).tolist()
    marker = _code(_VERSION_MARK) & 0xFFFFFFFF
    rows: list[tuple[int, int, int, int]] = []
    figure = previous = -2
    context = start = 0
    for i in np.flatnonzero(numeric).tolist():
        if i == previous + 1:  # the run goes on
            figure = (figure * 0x01000193 ^ values[i]) & 0xFFFFFFFF
        else:
            if figure >= 0 and context != marker:
                rows.append((context, figure or 1, start, offsets[previous] + 1))
            # The content word before the run: stopwords, sentence ends and figures skipped.
            before = i - 1
            while before >= 0 and (values[before] <= _BREAK or flags[before]):
                before -= 1
            context = values[before] if before >= 0 else 0
            figure = values[i]
            start = offsets[i]
        previous = i
    if figure >= 0 and context != marker:
        rows.append((context, figure or 1, start, offsets[previous] + 1))
    return np.array(rows, dtype=np.uint32).reshape(-1, FIGURE_COLUMNS)
