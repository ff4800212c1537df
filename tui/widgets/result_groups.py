"""What the results list shows: each hit with its near-duplicates gathered under it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from index.models import Article, Hit, metadata


@dataclass(frozen=True, slots=True)
class ResultGroup:
    """A hit and the near-duplicates listed under it (never elsewhere in the list)."""

    hit: Hit
    duplicates: tuple[Article, ...] = ()


def duplicate_ids(hits: Iterable[Hit]) -> list[str]:
    """Every id named as a near-duplicate of some hit, for fetching them in one go."""
    return list(dict.fromkeys(dup for hit in hits for dup in hit.duplicates))


def group_hits(hits: Sequence[Hit], articles: Mapping[str, Article]) -> list[ResultGroup]:
    """One group per hit, best first; a hit already shown as a near-duplicate is not repeated."""
    groups: list[ResultGroup] = []
    placed: set[str] = set()
    for hit in hits:
        if hit.id in placed:
            continue
        placed.add(hit.id)
        members = [articles[dup] for dup in hit.duplicates if dup in articles and dup not in placed]
        placed.update(member.id for member in members)
        groups.append(ResultGroup(hit, tuple(members)))
    return groups


def hit_from_article(article: Article) -> Hit:
    """A hit for an article listed without a search (e.g. a bookmark): its opening as snippet."""
    return Hit(
        **metadata(article),
        score=0.0,
        snippet=" ".join(article.text[:400].split()),
        highlights=(),
    )
