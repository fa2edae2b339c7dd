"""Link cards (what chat apps and social networks draw for a shared URL) and FAQ JSON-LD.

Pure: the description text of a card, the schema.org FAQPage object, JSON made safe for a
<script> element, and the status pictures (plain PNG, since Facebook, X and Telegram do not
show SVG) written without any imaging library.
"""

from __future__ import annotations

import json
import struct
import zlib
from collections.abc import Callable
from typing import Any

from markupsafe import Markup

from generator.core.model import FaqEntry, Incident

DESCRIPTION_LIMIT = 200
CARD_SIZE = (1200, 630)
# Card colours by state (endpoints.CARD_STATES), matching the badges.
CARD_COLOURS: dict[str, tuple[int, int, int]] = {
    "none": (0x2E, 0x7D, 0x32),
    "maintenance": (0x15, 0x65, 0xC0),
    "statement": (0x4A, 0x14, 0x8C),
    "minor": (0xF9, 0xA8, 0x25),
    "major": (0xBF, 0x36, 0x0C),
    "critical": (0xB7, 0x1C, 0x1C),
}


def card_text(html: str, limit: int = DESCRIPTION_LIMIT) -> str:
    """Rendered HTML as one line of plain text, cut at a word boundary with an ellipsis."""
    text = Markup(html).striptags()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:.—-") + "…"


def incident_card_state(incident: Incident) -> str:
    """The picture for a shared incident: green once resolved, the statement picture for an
    open public statement (it claims no outage), else its impact's colour."""
    if incident.is_resolved:
        return "none"
    return "statement" if incident.is_statement else incident.impact.value


def faq_page(entries: list[FaqEntry], render: Callable[[str], str]) -> dict[str, Any]:
    """schema.org FAQPage for the given questions; answers as rendered HTML."""
    return {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": [{
            "@type": "Question",
            "name": entry.question,
            "acceptedAnswer": {"@type": "Answer", "text": str(render(entry.answer)).strip()},
        } for entry in entries],
    }


def script_json(data: Any) -> Markup:
    """JSON to put inside <script type="application/ld+json">: '<', '>' and '&' are
    written as \\u escapes so no text can close the element or start a comment."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, code in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e")):
        text = text.replace(char, code)
    return Markup(text)


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(
        ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def card_png(state: str) -> bytes:
    """A 1200×630 picture in the state's colour with a white status dot in the middle."""
    width, height = CARD_SIZE
    colour = bytes(CARD_COLOURS[state])
    white = b"\xff\xff\xff"
    cx, cy, outer, inner = width // 2, height // 2, 150, 95
    rows = []
    for y in range(height):
        row = bytearray(colour * width)
        for radius, fill in ((outer, white), (inner, colour)):
            dy = y - cy
            if abs(dy) < radius:
                half = int((radius * radius - dy * dy) ** 0.5)
                row[(cx - half) * 3:(cx + half) * 3] = fill * (2 * half)
        rows.append(b"\x00" + bytes(row))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header)
            + _png_chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + _png_chunk(b"IEND", b""))
