"""Article text made safe for a terminal: no control or escape sequence ever reaches it raw."""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, and the C1 range (0x9b is a one-byte CSI).
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Bidirectional overrides and isolates can make text display out of order (a "Trojan Source").
_BIDI_CONTROLS = re.compile(r"[\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """Replace every control character with a visible placeholder, keeping offsets unchanged.

    Each control character becomes exactly one character (U+FFFD), so highlight offsets computed
    on the stored text still point at the same words.
    """
    return _BIDI_CONTROLS.sub("\ufffd", _CONTROLS.sub("\ufffd", text))


def one_line(text: str) -> str:
    """Printable, with line breaks and tabs turned into spaces (for titles and table cells)."""
    return printable(text).replace("\n", " ").replace("\t", " ")
