"""The pages the plugin makes for its views have the canonical address MkDocs would give them.

`ViewPage` adds a page's plain address to the site's instead of calling urljoin for each of
thousands of pages; here every pair of a site address and a page address gives what MkDocs'
own `Page._set_canonical_url` gives.
"""

from __future__ import annotations

from types import SimpleNamespace

from hypothesis import example, given, settings
from hypothesis import strategies as st
from mkdocs.structure.pages import Page

from generator.site.view_pages import joined_address

SEGMENT = st.text(alphabet="abcXYZ019-_.~", min_size=1, max_size=8)
ODD_SEGMENT = st.sampled_from(["", ".", "..", "a;b", "a b", "é", "%2F", ":x", "a?b", "a#b"])


def mkdocs_join(base: str, url: str) -> tuple[str, str]:
    """What MkDocs 1.6 sets on a page at `url` of a site at `base`."""
    page = SimpleNamespace(url=url)
    Page._set_canonical_url(page, base)  # type: ignore[arg-type]
    return page.canonical_url, page.abs_url


site_addresses = st.builds(
    lambda scheme, host, port, parts, slash, tail: (
        f"{scheme}://{host}{port}/" + "/".join(parts) + ("/" if slash and parts else "") + tail),
    st.sampled_from(["https", "http"]),
    st.sampled_from(["status.example.com", "example.com", "user@example.com", "[::1]"]),
    st.sampled_from(["", ":8443"]),
    st.lists(st.one_of(SEGMENT, ODD_SEGMENT), max_size=4),
    st.booleans(),
    st.sampled_from(["", "?lang=en", "#top", ";p"]),
)
page_addresses = st.builds(
    lambda parts, slash: "/".join(parts) + ("/" if slash else ""),
    st.lists(st.one_of(SEGMENT, SEGMENT, ODD_SEGMENT), min_size=1, max_size=4),
    st.booleans(),
)


@settings(max_examples=500, deadline=None)
@given(site_addresses, page_addresses)
@example("https://status.example.com/", "incidents/2026-11-24-checkout-errors/")
@example("https://example.com/status", "ru/incidents/2026-11-24-checkout-errors/")
@example("https://example.com/a/../status//", "history/2026-11/")
@example("https://example.com/status/", "../x/")
def test_a_view_page_address_is_the_one_mkdocs_joins(site: str, url: str) -> None:
    joined = joined_address(site, url)
    if joined is not None:
        assert joined == mkdocs_join(site, url)


def test_the_pages_of_a_hub_take_the_quick_join() -> None:
    """The addresses views have (incident, month, component pages) are joined without urljoin."""
    for url in ("incidents/2026-11-24-checkout-errors/", "ru/history/2026-11/", "faq/refunds/"):
        for site in ("https://status.example.com/", "https://example.com/status"):
            assert joined_address(site, url) == mkdocs_join(site, url)
    for odd in ("", "../x/", "a b/", "./x/", "x?y"):
        assert joined_address("https://status.example.com/", odd) is None
