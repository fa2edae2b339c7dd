"""The MkDocs page of a generated view that is not in the navigation, made by the plugin.

MkDocs makes a `Page` for every file not in the navigation, and each one joins the site's
address and the page's with `urllib.parse.urljoin` (0.1 s of a build after one new update on
a hub of 5,000 incidents, where nothing else of those pages is done). A `ViewPage` is the
same page; only its canonical address is found by adding the page's address to the site's
address as urljoin resolves it once for the site, when the page's address is a plain path
(letters, digits, `-`, `_`, `.` and `~` in segments that do not start with a dot): urljoin
then appends its segments to the site's path, whatever they are. Any other address is joined
by MkDocs' own code. Relies on MkDocs 1.6's `Page._set_canonical_url`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

from mkdocs.structure.pages import Page

_PLAIN = re.compile(r"(?:[A-Za-z0-9_~-][A-Za-z0-9._~-]*/)*[A-Za-z0-9_~-][A-Za-z0-9._~-]*/?")
_PROBE = "x"


class ViewPage(Page):
    def _set_canonical_url(self, base: str | None) -> None:
        joined = joined_address(base, self.url) if base else None
        if joined is None:
            super()._set_canonical_url(base)
        else:
            self.canonical_url, self.abs_url = joined


def joined_address(base: str, url: str) -> tuple[str, str] | None:
    """(canonical address, its path) of the page at `url` on a site at `base`, as MkDocs
    joins them; None when `url` is not a plain path (then MkDocs' own code joins them)."""
    if not _PLAIN.fullmatch(url):
        return None
    prefixes = _prefixes(base if base.endswith("/") else base + "/")
    if prefixes is None:
        return None
    address, path = prefixes
    return address + url, path + url


@lru_cache(maxsize=8)
def _prefixes(base: str) -> tuple[str, str] | None:
    """What urljoin puts before a plain path on a site at `base`, and the path part of it."""
    address = urljoin(base, _PROBE)
    path = urlsplit(address).path
    if not (address.endswith(_PROBE) and path.endswith(_PROBE)):
        return None
    return address[:-len(_PROBE)], path[:-len(_PROBE)]
