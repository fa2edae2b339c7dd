"""Every file the site writes, and who asks for it: each output path may be claimed once.

A FAQ file named `index.md`, a component with the id `index` or a hand-written page
`pages/history.md` would otherwise silently replace a generated page (MkDocs keeps one file
per address). The addresses come from `core.endpoints`, the one place that names them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from generator.core import endpoints
from generator.core.model import Hub


class Claim(NamedTuple):
    """`owner` (a content file, or a description of a generated page) writes `path`. A named
    tuple: a big hub makes 20,000 of them on every read (a frozen dataclass takes twice as
    long to make)."""

    path: str
    owner: str
    generated: bool = False


def page_file(src_uri: str) -> str:
    """The HTML file MkDocs writes for a Markdown page (directory URLs, MkDocs' own rule)."""
    stem = src_uri[: -len(".md")] if src_uri.endswith(".md") else src_uri
    folder, _, name = stem.rpartition("/")
    if name in ("index", "README"):
        return f"{folder}/index.html" if folder else "index.html"
    return f"{stem}/index.html"


def hand_written_claim(relative: str, shown: str) -> Claim:
    """What a file of docs_dir (path relative to it) writes."""
    return Claim(page_file(relative) if relative.endswith(".md") else relative, shown)


def hub_claims(hub: Hub, components_file: str = "content/components.yml") -> list[Claim]:
    """Every page and machine output the hub generates, the section pages first."""
    claims = [Claim(page_file(endpoints.page_source(url)), f"the generated page /{url}", True)
              for url in (endpoints.HOME, endpoints.COMPONENTS, endpoints.HISTORY,
                          endpoints.MAINTENANCE, endpoints.FAQ, endpoints.SUBSCRIBE,
                          endpoints.DEVELOPERS, endpoints.PLAYBOOK, endpoints.REPORT,
                          endpoints.PUBLISHING, endpoints.AUDIENCE)]
    fixed = [endpoints.API_ROOT + name for name in endpoints.API_FILES]
    fixed += [endpoints.CALENDAR, endpoints.HUB_BADGE]
    fixed += [endpoints.hub_feed(fmt) for fmt in endpoints.FEED_FORMATS]
    fixed += [endpoints.card_image(state) for state in endpoints.CARD_STATES]
    claims += [Claim(path, f"the generated file /{path}", True) for path in fixed]
    for month in sorted({hub.history_month(i) for i in hub.incidents}):
        url = endpoints.history_page(month)
        claims.append(Claim(page_file(endpoints.page_source(url)), f"the generated page /{url}",
                            True))
    for incident in hub.incidents:
        claims.append(Claim(page_file(endpoints.page_source(
            endpoints.incident_page(incident.id))), incident.path))
        claims += [Claim(path, incident.path) for path in endpoints.incident_feeds(incident.id)]
    for component in hub.components:
        owner = f"{components_file} (component '{component.id}')"
        claims.append(Claim(page_file(endpoints.page_source(
            endpoints.component_page(component.id))), owner))
        claims += [Claim(endpoints.component_feed(component.id, fmt), owner)
                   for fmt in endpoints.FEED_FORMATS]
        claims.append(Claim(endpoints.component_badge(component.id), owner))
    for entry in hub.faq:
        claims.append(Claim(page_file(endpoints.page_source(endpoints.faq_page(entry.id))),
                            entry.path))
    return claims


def second_claims(claims: Iterable[Claim]) -> list[tuple[Claim, Claim]]:
    """(first, second) for every path claimed more than once, in the order given."""
    first: dict[str, Claim] = {}
    found = []
    for claim in claims:
        if claim.path in first:
            found.append((first[claim.path], claim))
        else:
            first[claim.path] = claim
    return found


def reserved_folders(languages: tuple[str, ...]) -> dict[str, str]:
    """Folders no content file may write into, with what owns them: the theme's files and
    the other languages' versions of the site (the default language is at the root)."""
    folders = {folder: f"the theme's own folder /{folder}" for folder in endpoints.THEME_FOLDERS}
    folders[endpoints.EDITOR] = f"the browser editor's folder /{endpoints.EDITOR}"
    for code in languages[1:]:
        root = endpoints.language_root(code, languages[0])
        folders[root] = f"the '{code}' version of the site (/{root})"
    return folders


def folder_collisions(claims: Iterable[Claim],
                      folders: dict[str, str]) -> list[tuple[Claim, str]]:
    """(claim, the folder's owner) for every content file that would write into a reserved
    folder."""
    prefixes = tuple(folders)  # one look per claim first: most claim none of them
    return [(claim, owner) for claim in claims
            if not claim.generated and claim.path.startswith(prefixes)
            for folder, owner in folders.items() if claim.path.startswith(folder)]


def collision_message(first: Claim, second: Claim) -> str:
    """The problem text, said on the second claimant's file."""
    return (f"would write /{second.path}, which {first.owner} writes already; two files cannot "
            "share one address: rename this file (or this id)")
