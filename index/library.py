"""The Library: one folder holding a search index and a catalog, and everything done with it."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Collection, Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from whoosh import collectors, sorting
from whoosh.query import Query
from whoosh.searching import Searcher

from index import highlight, spelling, store
from index.catalog import ArticleRow, Catalog
from index.dupes import DuplicateIndex
from index.errors import BroadsheetError, NotFound
from index.fuzzy import FuzzyExpander
from index.generations import Generations, LibraryLock
from index.location import library_directory
from index.models import (
    EVERYWHERE,
    SORT_ORDERS,
    AlignedSegment,
    Article,
    DuplicateGroup,
    DuplicateMatch,
    GroupMember,
    Hit,
    IndexProgress,
    IndexReport,
    LibraryStats,
    SearchResult,
    SortOrder,
    Span,
    Within,
    metadata,
)
from index.query import parse
from index.vectorized import VectorScorer

ProgressCallback = Callable[[IndexProgress], None]


class Library:
    """A library of articles: index folders into it, search it, read from it.

    Safe to share between threads: each thread gets its own searcher and catalog connection.
    Only one process writes at a time (others get IndexBusy); readers never wait.
    """

    def __init__(self, directory: Path, generations: Generations) -> None:
        self.directory = directory
        self._generations = generations
        self._local = threading.local()
        self._open_current()

    @classmethod
    def open(cls, directory: str | os.PathLike[str] | None = None, create: bool = False) -> Library:
        """Open the library at ``directory`` (default location if None); create it if asked."""
        folder = library_directory(directory)
        generations = Generations(folder)
        if not generations.exists():
            if not create:
                raise NotFound(f"no library at {folder}; run `broadsheet index PATH` to create one")
            generations.create()
        return cls(folder, generations)

    def _open_current(self) -> None:
        current = self._generations.current()
        self._current = current
        self._index = store.open_existing(current / "whoosh")
        self._catalog = Catalog(current / "catalog.sqlite")
        self._duplicates = DuplicateIndex(current)
        self._seen_generation = self._catalog.generation()
        self._local = threading.local()

    # Writing -------------------------------------------------------------------------

    def index(
        self,
        paths: Sequence[str | os.PathLike[str]] = (),
        *,
        rebuild: bool = False,
        progress: ProgressCallback | None = None,
        wait: float = 0.0,
    ) -> IndexReport:
        """Index new and changed files under ``paths`` (default: the remembered folders)."""
        if rebuild:
            report = Library.rebuild(self.directory, paths, progress=progress, wait=wait)
        else:
            # Indexing pulls in every file-format reader: searching processes never pay for it.
            from index.updating import Updater

            with LibraryLock(self.directory, wait):
                report = Updater(self._current, self.directory).run(paths, progress)
        self.refresh()
        return report

    @staticmethod
    def rebuild(
        directory: str | os.PathLike[str] | None,
        paths: Sequence[str | os.PathLike[str]] = (),
        *,
        progress: ProgressCallback | None = None,
        wait: float = 0.0,
    ) -> IndexReport:
        """Build a new generation from the files and switch to it when complete.

        Works when the live index is corrupt (it is never opened, and stays until the new
        one is ready); without paths, the folders come from the live catalog if it is readable.
        """
        from index.updating import Updater

        folder = library_directory(directory)
        generations = Generations(folder)
        if not generations.exists():
            generations.create()
        with LibraryLock(folder, wait):
            roots = list(paths) or _remembered_roots(generations)
            target = generations.start_new()
            report = Updater(target, folder, create=True).run(roots, progress)
            generations.switch_to(target)
        return report

    # Reading -------------------------------------------------------------------------

    def refresh(self) -> bool:
        """Pick up changes committed by any process; True if there were some."""
        if self._generations.current() != self._current:
            self._open_current()
            return True
        generation = self._catalog.generation()
        if generation != self._seen_generation:
            self._seen_generation = generation
            return True
        return False

    def _searcher(self) -> Searcher:
        """This thread's searcher, refreshed only when the index changed."""
        searcher: Searcher | None = getattr(self._local, "searcher", None)
        if searcher is None:
            searcher = self._index.searcher()
        elif not searcher.up_to_date():
            if searcher.doc_count_all() == 0:
                # Whoosh cannot refresh a searcher of an empty index (EmptyReader has no segments).
                searcher.close()
                searcher = self._index.searcher()
            else:
                searcher = searcher.refresh()
        self._local.searcher = searcher
        return searcher

    def _fuzzy(self) -> FuzzyExpander:
        """This thread's fuzzy-term expander (its vocabulary cache follows the searcher)."""
        expander: FuzzyExpander | None = getattr(self._local, "fuzzy", None)
        if expander is None:
            expander = self._local.fuzzy = FuzzyExpander()
        return expander

    def search(
        self,
        text: str,
        limit: int = 20,
        sort: SortOrder = "relevance",
        suggest: bool = True,
        *,
        offset: int = 0,
        within: Within = EVERYWHERE,
    ) -> SearchResult:
        """Hits for a query, each with a snippet and the offsets of its matched words.

        ``offset`` skips the best hits (the next page starts where the last one ended);
        ``within`` keeps the search to some articles (e.g. the bookmarked ones) or leaves some
        out (e.g. the read ones): the total counts what is left.
        ``suggest=False`` skips "did you mean" (search-as-you-type meets half-typed words).
        """
        try:
            return self._search(text, limit, sort, suggest, offset, within)
        except FileNotFoundError:
            # Whoosh opens segment files lazily; another process's commit may have merged
            # away a segment between our refresh and our read. A fresh searcher sees the new one.
            self._drop_searcher()
            return self._search(text, limit, sort, suggest, offset, within)

    def _drop_searcher(self) -> None:
        searcher = getattr(self._local, "searcher", None)
        self._local.searcher = None
        if searcher is not None:
            with suppress(OSError):
                searcher.close()

    def _search(
        self,
        text: str,
        limit: int,
        sort: SortOrder,
        suggest: bool,
        offset: int,
        within: Within,
    ) -> SearchResult:
        if sort not in SORT_ORDERS:
            raise ValueError(f"sort must be one of {', '.join(SORT_ORDERS)}")
        searcher = self._searcher()
        # The searcher's schema: the index's own property re-reads the table of contents.
        parsed = parse(text, searcher.schema)
        wanted_query = self._fuzzy().expand(parsed.query, searcher.reader())
        numbers = self._numbers(searcher, within)
        ids: list[str] = []
        scores: list[float] = []
        total = 0
        if not numbers.finds_nothing:
            ids, scores, total = self._top(
                searcher, wanted_query, max(1, limit) + offset, sort, numbers
            )
        ids, scores = ids[offset:], scores[offset:]
        rows = self._catalog.articles(ids)
        wanted = highlight.matched_terms(wanted_query, searcher.reader())
        hits = self._hits(
            [(rows[i], score) for i, score in zip(ids, scores, strict=True) if i in rows], wanted
        )
        searched = " ".join(parsed.words) if parsed.notice else text
        suggestion = (
            spelling.suggest(searcher, searched, parsed.words, total, self._text_of, self._fuzzy())
            if suggest and total < 3
            else None
        )
        return SearchResult(text, hits, total, parsed.notice, suggestion)

    def _top(
        self,
        searcher: Searcher,
        wanted: Query,
        limit: int,
        sort: SortOrder,
        numbers: _Numbers,
    ) -> tuple[list[str], list[float], int]:
        """The ids and scores of the best ``limit`` matches, and the exact number of matches
        (of the articles ``numbers`` allows)."""
        if sort != "relevance":
            # Sorted results carry their sort key as the score; relevance is what people expect.
            results = searcher.search(
                wanted,
                limit=limit,
                sortedby=_sort_facet(sort),
                filter=numbers.allowed_set,
                mask=numbers.excluded_set,
            )
            ids = [found["id"] for found in results]
            return ids, [0.0] * len(ids), len(results)
        vectors: VectorScorer | None = getattr(self._local, "vectors", None)
        if vectors is None or vectors.searcher is not searcher:
            vectors = self._local.vectors = VectorScorer(searcher)
        scored = vectors.top(wanted, limit, numbers.among, numbers.excluded)
        if scored is not None:
            best, scores, total = scored
            return [searcher.stored_fields(n)["id"] for n in best], scores, total
        # One pass both ranks and counts. Whoosh's default top-N collector skips blocks and
        # swaps out sub-matchers that cannot reach the top, so its count missed matches (931
        # for 1,059) and counting exactly meant running the query a second time.
        top = collectors.TopCollector(limit=limit, usequality=False, replace=0)
        filtered = collectors.FilterCollector(top, numbers.allowed_set, numbers.excluded_set)
        searcher.search_with_collector(wanted, top if numbers.everything else filtered)
        results = top.results()
        return [found["id"] for found in results], [hit.score for hit in results], top.total

    def _numbers(self, searcher: Searcher, within: Within) -> _Numbers:
        """The article numbers of a search's ``only`` and ``excluding`` ids, looked up once
        per searcher (a reader's read articles are asked for on every keystroke)."""
        known: dict[str, int | None] | None = getattr(self._local, "numbers", None)
        if known is None or getattr(self._local, "numbers_of", None) is not searcher:
            known = self._local.numbers = {}
            self._local.numbers_of = searcher

        def lookup(ids: Collection[str]) -> np.ndarray:
            for article_id in ids:
                if article_id not in known:
                    known[article_id] = searcher.document_number(id=article_id)
            found = (known[article_id] for article_id in ids)
            return np.array(sorted(n for n in found if n is not None), dtype=np.int64)

        among = None if within.only is None else lookup(within.only)
        excluded = lookup(within.excluding) if within.excluding else None
        return _Numbers(among, excluded)

    def _hits(
        self, found: list[tuple[ArticleRow, float]], wanted: frozenset[str]
    ) -> tuple[Hit, ...]:
        """Hits with their snippets, highlights and near-duplicates; the boilerplate and the
        near-duplicates of a whole page are looked up together."""
        matches = [highlight.snippet_matches(row.text, wanted) for row, _ in found]
        regions = [
            highlight.snippet_region(row.text, m)
            for (row, _), m in zip(found, matches, strict=True)
        ]
        boilerplate = self._duplicates.boilerplate_spans_many(
            [row.text[start:end] for (row, _), (start, end) in zip(found, regions, strict=True)]
        )
        duplicates = self._duplicates.duplicates_of_many([row.id for row, _ in found])
        hits = []
        for (row, score), row_matches, (start, _), spans in zip(
            found, matches, regions, boilerplate, strict=True
        ):
            avoid = [(start + a, start + b) for a, b in spans]
            snippet, snippet_matches = highlight.snippet(row.text, row_matches, avoid=avoid)
            hits.append(
                Hit(
                    **metadata(row),
                    score=round(float(score), 4),
                    snippet=snippet,
                    highlights=snippet_matches,
                    title_highlights=tuple(highlight.spans(row.title, wanted)),
                    duplicates=tuple(match.id for match in duplicates[row.id]),
                )
            )
        return tuple(hits)

    def _text_of(self, article_id: str) -> str | None:
        row = self._catalog.articles([article_id]).get(article_id)
        return row.text if row else None

    def match_spans(self, text: str, query_text: str) -> tuple[Span, ...]:
        """Every word of ``text`` the query matches (for the viewer); () for an unusable query."""
        try:
            parsed = parse(query_text, self._searcher().schema)
        except ValueError:
            return ()
        reader = self._searcher().reader()
        wanted = highlight.matched_terms(self._fuzzy().expand(parsed.query, reader), reader)
        return tuple(highlight.spans(text, wanted))

    def article(self, id_or_path: str) -> Article:
        """One article by id, or the first article of a file by its path."""
        row = self._catalog.articles([id_or_path]).get(id_or_path)
        if row is None:
            row = self._catalog.article_by_path(_absolute(id_or_path))
        if row is None:
            raise NotFound(f"no article {id_or_path!r} in this library")
        return self._article(row)

    def articles(self, ids: Iterable[str], *, boilerplate: bool = False) -> list[Article]:
        """Several articles by id, in the order given (unknown ids are left out).

        Boilerplate spans cost a pass over each text: only computed when asked for.
        """
        wanted = list(ids)
        rows = self._catalog.articles(wanted)
        return [self._article(rows[i], boilerplate) for i in wanted if i in rows]

    def _article(self, row: ArticleRow, boilerplate: bool = True) -> Article:
        return Article(
            **metadata(row),
            text=row.text,
            boilerplate=self._duplicates.boilerplate_spans(row.text) if boilerplate else (),
            extra=row.extra,
        )

    def duplicates_of(self, article_id: str) -> list[DuplicateMatch]:
        """The near-duplicates of an article, most similar first."""
        return self._duplicates.duplicates_of(article_id)

    def groups(self) -> list[DuplicateGroup]:
        """Every group of near-duplicates, largest first."""
        found = self._duplicates.groups()
        rows = self._catalog.articles([i for _, members in found for i, _ in members])
        return [
            DuplicateGroup(
                group,
                tuple(
                    GroupMember(i, rows[i].path, rows[i].title, round(similarity, 4))
                    for i, similarity in members
                    if i in rows
                ),
            )
            for group, members in found
        ]

    def align(self, left_id: str, right_id: str) -> list[AlignedSegment]:
        """Word-by-word alignment of two articles, for the side-by-side view."""
        from index.align import align_words  # Only the comparison view needs it.

        left, right = self.article(left_id), self.article(right_id)
        return align_words(left.text, right.text)

    def stats(self) -> LibraryStats:
        """Counts for a header line."""
        articles = self._catalog.count()
        return LibraryStats(
            articles=articles,
            duplicate_groups=self._duplicates.group_count(),
            sources=tuple(self._catalog.sources()),
            ungrouped=max(0, articles - self._duplicates.article_count()),
        )

    def roots(self) -> list[str]:
        """The folders and files this library indexes."""
        return [display for _, display in self._catalog.roots()]

    def close(self) -> None:
        """Close this thread's searcher and catalog connection."""
        self._drop_searcher()
        self._catalog.close()
        self._duplicates.close()


def _remembered_roots(generations: Generations) -> list[str]:
    """The live catalog's folders, for a rebuild given none (the live index may be broken)."""
    try:
        catalog = Catalog(generations.current() / "catalog.sqlite")
        return [display for _, display in catalog.roots()]
    except BroadsheetError as error:
        raise BroadsheetError(
            f"{error}; name the folders to rebuild from: broadsheet index PATH... --rebuild"
        ) from error


@dataclass(frozen=True, slots=True)
class _Numbers:
    """A search's ``Within`` as sorted global article numbers (unknown ids left out)."""

    among: np.ndarray | None
    excluded: np.ndarray | None

    @property
    def everything(self) -> bool:
        """True when no article is left out."""
        return self.among is None and self.excluded is None

    @property
    def finds_nothing(self) -> bool:
        """True when the search is kept to no article at all."""
        return self.among is not None and not len(self.among)

    @property
    def allowed_set(self) -> set[int] | None:
        """The allowed numbers as Whoosh's ``filter`` takes them (it reads an empty one as
        no filter at all: see ``finds_nothing``)."""
        return None if self.among is None else set(self.among.tolist())

    @property
    def excluded_set(self) -> set[int] | None:
        """The left-out numbers as Whoosh's ``mask`` takes them."""
        return None if self.excluded is None else set(self.excluded.tolist())


def _sort_facet(sort: SortOrder) -> sorting.MultiFacet | None:
    """Relevance needs no facet; by date, undated articles go last either way."""
    if sort == "relevance":
        return None
    return sorting.MultiFacet(
        [
            sorting.FieldFacet("dated", reverse=True),
            sorting.FieldFacet("date", reverse=sort == "newest"),
        ]
    )


def _absolute(path: str) -> str:
    return os.path.abspath(path) if "#" not in path else path
