"""The benchmark's table: one row per metric, Broadsheet next to FTS5, the ratio and the target."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

HEADER = ("metric", "Broadsheet", "FTS5", "ratio", "target", "met?")


@dataclass(frozen=True, slots=True)
class Target:
    """A goal on the ratio (Broadsheet / FTS5) or on Broadsheet's own figure."""

    on: str
    """"ratio" or "value"."""
    at_least: float | None = None
    at_most: float | None = None

    def describe(self, unit: str) -> str:
        """E.g. ``ratio >= 0.20`` or ``<= 2 s``."""
        bound = f">= {self.at_least:g}" if self.at_least is not None else f"<= {self.at_most:g}"
        return f"ratio {bound}" if self.on == "ratio" else f"{bound} {unit}"

    def met(self, value: float | None) -> bool | None:
        """Whether the figure meets the goal; None when it was not measured."""
        if value is None or math.isnan(value):
            return None
        if self.at_least is not None and value < self.at_least:
            return False
        return not (self.at_most is not None and value > self.at_most)


@dataclass(frozen=True, slots=True)
class Row:
    """One metric: Broadsheet's figure, FTS5's (None: not applicable) and the target."""

    label: str
    unit: str
    broadsheet: float | None
    fts5: float | None
    target: Target | None = None

    @property
    def ratio(self) -> float | None:
        """Broadsheet / FTS5, when both were measured."""
        if self.broadsheet is None or not self.fts5:
            return None
        return self.broadsheet / self.fts5

    @property
    def met(self) -> bool | None:
        """Whether the target is met (None without a target or a figure)."""
        if self.target is None:
            return None
        return self.target.met(self.ratio if self.target.on == "ratio" else self.broadsheet)

    def cells(self) -> tuple[str, ...]:
        """The row as printed."""
        met = {True: "yes", False: "NO", None: ""}[self.met]
        return (
            f"{self.label} ({self.unit})",
            number(self.broadsheet),
            number(self.fts5),
            "n/a" if self.ratio is None else f"{self.ratio:.2f}",
            self.target.describe(self.unit) if self.target else "",
            met,
        )

    def as_json(self) -> dict[str, object]:
        """The row for the JSON output."""
        return {
            "metric": self.label,
            "unit": self.unit,
            "broadsheet": self.broadsheet,
            "fts5": self.fts5,
            "ratio": self.ratio,
            "target": self.target.describe(self.unit) if self.target else None,
            "met": self.met,
        }


def number(value: float | None) -> str:
    """A figure with sensible precision; n/a when not measured."""
    if value is None or math.isnan(value):
        return "n/a"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}" if abs(value) < 1 else f"{value:.2f}"


def table(rows: Sequence[Row]) -> str:
    """An aligned plain-text table (labels left, figures right)."""
    lines = [HEADER, *(row.cells() for row in rows)]
    widths = [max(len(line[i]) for line in lines) for i in range(len(HEADER))]

    def render(cells: Sequence[str]) -> str:
        parts = [cells[0].ljust(widths[0])]
        parts += [cell.rjust(width) for cell, width in zip(cells[1:4], widths[1:4], strict=True)]
        parts += [cell.ljust(width) for cell, width in zip(cells[4:], widths[4:], strict=True)]
        return " | ".join(parts).rstrip()

    rule = "-+-".join("-" * width for width in widths)
    return "\n".join([render(HEADER), rule, *(render(cells) for cells in lines[1:])])


def median(values: Sequence[float]) -> float | None:
    """The median, None for no values."""
    return statistics.median(values) if values else None


def percentile(values: Sequence[float], share: float) -> float | None:
    """Nearest-rank percentile (``share`` in 0..1), None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]
