"""What raw HTML a content body may carry onto the public site: pure, one function.

The PR team writes Markdown and may mix in HTML, as any MkDocs author can. A status page is
also the page most likely to be written in a hurry, pasted from a chat or an email, and read
by everyone at once, so the rendered HTML goes through an allowlist sanitiser (ammonia, via
nh3): formatting, links, images, tables, details and Markdown's own admonitions stay;
scripts, styles, iframes, objects, forms, event handlers (`onclick=`...), `javascript:` URLs
and layout-changing inline styles go, and so do ids and classes the theme's script or
the hub's templates use (`generator.core.reserved`). docs/proof.md states the policy.
"""

from __future__ import annotations

import re
from functools import cache

import nh3
from markupsafe import Markup

from generator.core.reserved import reserved_class, reserved_id

# Tags whose content is dropped with them (the text of a script is not text for readers).
DROPPED_WITH_CONTENT = frozenset({"script", "style", "iframe", "object", "embed", "noscript",
                                  "template", "textarea", "select", "svg", "math"})
TAGS = frozenset(nh3.ALLOWED_TAGS) - {"map", "area"}
ATTRIBUTES: dict[str, set[str]] = {
    "*": {"class", "id", "title", "lang", "dir"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "align", "style"},
    "th": {"colspan", "rowspan", "align", "scope", "style"},
    "ol": {"start", "reversed", "type"},
    "time": {"datetime"},
    "data": {"value"},
    "abbr": {"title"},
    "details": {"open"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# Python-Markdown's tables align columns with style="text-align: ..."; nothing else is kept,
# so no content can position a fake banner over the page.
STYLE_PROPERTIES = frozenset({"text-align"})


def clean_html(html: str) -> str:
    """`html` with only the allowed tags, attributes and URL schemes left (see module doc)."""
    return _cleaner().clean(html)


@cache
def _cleaner() -> nh3.Cleaner:
    """The sanitiser, made once (nh3.clean would build its rules again for every text)."""
    return nh3.Cleaner(
        tags=set(TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        filter_style_properties=set(STYLE_PROPERTIES),
        link_rel=None,
        strip_comments=True,
        attribute_filter=_page_owned,
    )


def _page_owned(tag: str, attribute: str, value: str) -> str | None:
    """Drop ids and classes that belong to the theme or the hub's templates (core.reserved)."""
    if attribute == "id":
        return None if reserved_id(value) else value
    if attribute == "class":
        kept = " ".join(name for name in value.split() if not reserved_class(name))
        return kept or None
    return value


_BLOCK_END = re.compile(r"</(?:p|li|h[1-6]|div|tr|blockquote|pre|details|summary|table|ul|ol)>|<br\s*/?>",
                        re.IGNORECASE)


def html_to_text(html: str) -> str:
    """Sanitised HTML as plain text: tags gone, entities decoded, one empty line between
    blocks (for machine outputs that carry text, like Statuspage's `body`)."""
    blocks = (Markup(part).striptags() for part in _BLOCK_END.split(str(html)))
    return "\n\n".join(block for block in blocks if block)
