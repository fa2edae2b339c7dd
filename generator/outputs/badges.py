"""SVG status badges ("Fernway Status | All systems operational") and the embed snippet.

Pure text: the caller passes the words (already translated) and the state; every piece of
text is XML-escaped here. Widths are estimated from character classes, since a static
build cannot measure fonts; the estimate errs wide so text never overflows.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from markupsafe import escape

HEIGHT = 20
PADDING = 6
LABEL_COLOUR = "#555"
# Background and text colour for each state (component statuses and overall indicators):
# text colours chosen for a contrast of at least 4.5:1.
COLOURS: dict[str, tuple[str, str]] = {
    "operational": ("#2e7d32", "#fff"),
    "none": ("#2e7d32", "#fff"),
    "under_maintenance": ("#1565c0", "#fff"),
    "maintenance": ("#1565c0", "#fff"),
    "statement": ("#4a148c", "#fff"),
    "degraded_performance": ("#f9a825", "#1b1b1b"),
    "minor": ("#f9a825", "#1b1b1b"),
    "partial_outage": ("#bf360c", "#fff"),
    "major": ("#bf360c", "#fff"),
    "major_outage": ("#b71c1c", "#fff"),
    "critical": ("#b71c1c", "#fff"),
}
_NARROW = set("ijlrtfI1.,:;'|!()[]{} ")
_WIDE = set("mwMW@%")


def char_width(char: str) -> float:
    """Approximate advance of one character in 11 px Verdana/DejaVu Sans."""
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Cf"):
        return 0.0
    if unicodedata.east_asian_width(char) in ("W", "F") or ord(char) > 0xFFFF:
        return 12.0
    if char in _NARROW:
        return 4.0
    if char in _WIDE:
        return 10.5
    if char.isupper() or char.isdigit():
        return 7.8
    return 7.0


def text_width(text: str) -> int:
    return round(sum(char_width(c) for c in text))


@dataclass(frozen=True)
class Badge:
    label: str
    message: str
    state: str

    def svg(self) -> str:
        """The badge as a standalone SVG document (UTF-8 text)."""
        background, ink = COLOURS[self.state]
        left = text_width(self.label) + 2 * PADDING
        right = text_width(self.message) + 2 * PADDING
        width = left + right
        label, message = escape(self.label), escape(self.message)
        title = escape(f"{self.label}: {self.message}")
        return (
            '<svg xmlns="http://www.w3.org/2000/svg" '
            f'width="{width}" height="{HEIGHT}" role="img" aria-label="{title}">'
            f"<title>{title}</title>"
            f'<rect width="{left}" height="{HEIGHT}" fill="{LABEL_COLOUR}"/>'
            f'<rect x="{left}" width="{right}" height="{HEIGHT}" fill="{background}"/>'
            '<g font-family="Verdana,DejaVu Sans,Geneva,sans-serif" font-size="11" '
            'text-anchor="middle">'
            f'<text x="{left / 2:g}" y="14" fill="#fff">{label}</text>'
            f'<text x="{left + right / 2:g}" y="14" fill="{ink}">{message}</text>'
            "</g></svg>\n"
        )


def embed_snippet(page_url: str, badge_url: str, alt: str) -> str:
    """HTML to paste into another site: the live badge, linking to the status page."""
    return (f'<a href="{escape(page_url)}"><img src="{escape(badge_url)}" '
            f'alt="{escape(alt)}" height="{HEIGHT}"></a>')
