"""Incremental builds: keep the previous site's pages whose key did not change.

The keys come from `generator.core.manifest`; this module does the file work: the
manifest (in `.crisishub-cache/`, see generator/reading/parse_cache.py) of the
previous build, the environment key (versions, templates, theme, settings, navigation,
site-wide summaries) and the hard links that carry unchanged outputs into the staging folder.
Pages, feeds, cards and the sitemap are reused; everything else is written afresh by every
build.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields, is_dataclass
from importlib import metadata
from operator import attrgetter
from pathlib import Path
from typing import Any

from generator.core.manifest import Manifest, Written, fingerprint, output_key, parse_manifest
from generator.core.model import FaqEntry, Hub, Incident, Maintenance, Update
from generator.core.translations import LocalHub, key_of
from generator.reading.parse_cache import cache_folder, committed_cache

log = logging.getLogger("crisishub")

PACKAGE_DIR = Path(__file__).resolve().parent.parent
# Distributions whose code or templates shape a page; their versions are part of every key.
DISTRIBUTIONS = ("mkdocs", "mkdocs-material", "markdown", "jinja2", "pymdown-extensions",
                 "pygments", "bleach", "nh3")
# A page is reused only when no other plugin could keep per-page state (search indexes,
# blog archives): with any other plugin, every page is rendered.
KNOWN_PLUGINS = {"crisishub"}
# Plugin options that are not settings but what `crisishub build` already read and hands
# over (the content, the crisis plan, channels.yml and the publishing plan, the build state),
# and how many processes render the pages (the same pages either way: see site/parallel.py).
HANDED_OVER = {"content", "practice", "crosspost", "channels", "incremental", "page_workers"}
CONFIG_KEYS_NOT_IN_PAGES = {"site_dir", "plugins", "theme", "config_file_path", "watch",
                            "dev_addr", "strict", "validation"}  # validation: only warnings


@dataclass
class Incremental:
    """What an incremental build knows: the live site, its manifest (None: reuse nothing),
    and, once the plugin has run, the key of every page of the new build."""

    site_dir: Path
    previous: Manifest | None
    keys: dict[str, str | None] = field(default_factory=dict)
    reused: int = 0
    # Folder digests of this build (code, templates, docs_dir): a language's build below
    # shares them, so each file is read once per build.
    digests: dict[Path, str] = field(default_factory=dict)
    # The kept files, hard-linked from the previous site: what the manifest said of them.
    linked: dict[str, Written] = field(default_factory=dict)

    def below(self, folder: str) -> Incremental:
        """The state of the build of the site below `folder` (a language's, `ru/`): the
        part of the previous manifest there, with paths relative to it."""
        previous = None if self.previous is None else Manifest(
            str(self.site_dir / folder),
            {path[len(folder):]: written for path, written in self.previous.outputs.items()
             if path.startswith(folder)})
        return Incremental(self.site_dir / folder, previous, digests=self.digests)

    def include(self, part: Incremental, folder: str) -> None:
        """Take in the keys of the build below `folder`, so the manifest records them."""
        self.keys.update({folder + path: key for path, key in part.keys.items()})
        self.linked.update({folder + path: kept for path, kept in part.linked.items()})
        self.reused += part.reused


def manifest_file(project_root: Path, site_dir: Path) -> Path:
    name = hashlib.sha256(str(site_dir).encode("utf-8")).hexdigest()[:16]
    return cache_folder(project_root) / f"manifest-{name}.json"


def read_manifest(project_root: Path, site_dir: Path) -> Manifest | None:
    """The manifest of the last build into `site_dir`; None when missing, corrupt or foreign
    (or committed to git)."""
    if committed_cache(project_root):
        return None
    try:
        text = manifest_file(project_root, site_dir).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    manifest = parse_manifest(text, str(site_dir))
    if manifest is None:
        log.info("the build cache is not usable; every page is rendered")
    return manifest


def write_manifest(project_root: Path, state: Incremental) -> None:
    """Record what the build left in the (already swapped-in) site folder."""
    outputs = {}
    for path, key in state.keys.items():
        if key is None:
            continue
        linked = state.linked.get(path)
        if linked is not None and linked.key == key:
            outputs[path] = linked
            continue
        try:
            stat = (state.site_dir / path).stat()
        except OSError:
            continue
        outputs[path] = Written(key, stat.st_size, stat.st_mtime_ns)
    target = manifest_file(project_root, state.site_dir)
    # Per process: builds may run side by side, each replacing the manifest whole.
    partial = target.with_suffix(f".{os.getpid()}.partial")
    try:
        partial.write_text(Manifest(str(state.site_dir), outputs).to_json(), encoding="utf-8")
        os.replace(partial, target)
    except OSError:  # the site is built; without a manifest the next build renders all
        partial.unlink(missing_ok=True)


def forget_manifest(project_root: Path, site_dir: Path) -> None:
    manifest_file(project_root, site_dir).unlink(missing_ok=True)


def _files_digest(folder: Path) -> str:
    """Every file below `folder`: relative path and bytes."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(str(path.relative_to(folder)).encode("utf-8") + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _versions() -> str:
    found = []
    for name in DISTRIBUTIONS:
        try:
            found.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name}=-")
    return ",".join(found)


def environment_key(config: Any, options: dict[str, Any], hub: Hub,
                    offer: object = None, digests: dict[Path, str] | None = None) -> str | None:
    """What every page reads besides its own view: versions, our package's code and
    templates, the theme folders outside installed packages, the hand-written pages, the
    resolved settings and navigation, the components (names, groups) and `offer`, what
    channels.yml offers subscribers (the e-mail form, webhooks). The moment's
    snapshot (statuses, active incidents) is added by the plugin to the pages that read it.
    None when some part cannot be serialised."""
    settings = fingerprint({k: config[k] for k in sorted(config.keys())
                            if k not in CONFIG_KEYS_NOT_IN_PAGES})
    theme = fingerprint(sorted((str(k), v) for k, v in config.theme.items()))
    plugin = fingerprint(sorted(options.items()))
    summary = fingerprint((hub.groups, hub.components, offer))
    if settings is None or theme is None or plugin is None or summary is None:
        return None
    installed = {Path(p).resolve() for p in _installed_roots()}
    theme_dirs = [Path(d).resolve() for d in config.theme.dirs]
    own_dirs = [d for d in theme_dirs if not any(d.is_relative_to(r) for r in installed)]
    docs = Path(config.docs_dir)
    known = {} if digests is None else digests

    def digest(folder: Path) -> str:
        if folder not in known:  # read once per build (a language's build shares them)
            known[folder] = _files_digest(folder)
        return known[folder]

    return output_key(
        _versions(), digest(PACKAGE_DIR),
        *(f"{d}:{digest(d)}" for d in own_dirs),
        digest(docs) if docs.is_dir() else "", settings, theme, plugin, summary)


def rendering_key(config: Any, digests: dict[Path, str]) -> str | None:
    """What turning content Markdown into sanitised HTML reads: the Markdown extensions and
    their settings, the versions and our code (the sanitiser). None when the settings cannot
    be serialised (then nothing rendered is remembered)."""
    extensions = fingerprint((config["markdown_extensions"], config["mdx_configs"]))
    if extensions is None:
        return None
    if PACKAGE_DIR not in digests:
        digests[PACKAGE_DIR] = _files_digest(PACKAGE_DIR)
    return output_key(_versions(), digests[PACKAGE_DIR], extensions)


CONTENT_ITEMS = (Incident, Update, FaqEntry, Maintenance)


def untranslated_in(value: object, local: LocalHub) -> list[str]:
    """The keys of the content items in `value` (a page view) that `local` shows in the
    default language: part of a page's key in a translation's site. Empty in the default
    language's site. An incident with a source digest in this language (`Hub.sources`) is
    not looked into: its digest covers its translation files, so which of its items are
    untranslated is part of its key already."""
    if not local.untranslated:
        return []
    found: set[str] = set()
    seen: set[int] = set()
    digested = local.hub.sources
    pending = [value]
    while pending:
        item = pending.pop()
        kind = type(item)
        inside = _INSIDE[kind] if kind in _INSIDE else _inside(kind)
        # A text, number, time or status; a value seen; or an incident with a digest.
        if inside is None or id(item) in seen or id(item) in digested:
            continue
        seen.add(id(item))
        if isinstance(item, CONTENT_ITEMS) and local.is_untranslated(item):
            found.add(key_of(item))
        pending.extend(inside(item))
    return sorted(found)


Inside = Callable[[Any], Iterable[Any]]
_INSIDE: dict[type, Inside | None] = {}  # by type: see _inside


def _inside(kind: type) -> Inside | None:
    """What a value of this type holds (a dataclass's fields, a collection's items, a
    mapping's values), or None when it holds nothing to look into; worked out once per type,
    as `untranslated_in` walks thousands of views."""
    inside: Inside | None = None
    if is_dataclass(kind):
        getters = [attrgetter(f.name) for f in fields(kind)]
        inside = lambda item: [get(item) for get in getters]  # noqa: E731
    elif issubclass(kind, list | tuple | set | frozenset):
        inside = iter
    elif issubclass(kind, dict):
        inside = dict.values
    _INSIDE[kind] = inside
    return inside


def _installed_roots() -> list[str]:
    import sysconfig
    return [sysconfig.get_paths()[k] for k in ("purelib", "platlib")]


def _link(old: str, new: str) -> None:
    """Hard-link `old` as `new`, making `new`'s folder only when it is missing (the skeleton
    of the last site usually holds every folder already)."""
    try:
        os.link(old, new)
    except FileNotFoundError:
        os.makedirs(os.path.dirname(new), exist_ok=True)
        os.link(old, new)


def carry_over(state: Incremental, keys: dict[str, str | None], staging: Path) -> set[str]:
    """Hard-link (or copy) into `staging` the previous site's pages whose key did not change
    and whose file is exactly as the last build left it; returns their paths."""
    state.keys.update(keys)
    if state.previous is None:
        return set()
    kept = set()
    site, target = f"{state.site_dir}{os.sep}", f"{staging}{os.sep}"
    for path in sorted(state.previous.reusable(keys)):
        old, new = site + path, target + path  # `path` is relative: below both
        written = state.previous.outputs[path]
        try:
            stat = os.stat(old)
            if (stat.st_size, stat.st_mtime_ns) != (written.size, written.mtime_ns):
                continue
            try:
                _link(old, new)
                state.linked[path] = written  # the same file: its size and time are known
            except OSError:
                shutil.copy2(old, new)
        except OSError:
            continue
        kept.add(path)
    state.reused += len(kept)
    return kept
