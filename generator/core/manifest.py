"""Which outputs must be rendered again: keys that hash every input an output reads. Pure.

An output's key hashes its inputs (source bytes, resolved settings, templates, versions, the
site-wide summaries it shows). Two builds with the same key for a path write the same bytes
there, so a key that did not change lets the builder keep the previous file. The manifest
records, per output path, the key it was written with and the size and modification time the
file had after the build: a file changed since (by hand, by another tool) is not reused.
"""

from __future__ import annotations

import hashlib
import io
import json
import pickle
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from generator.core.model import Incident

FORMAT = "crisishub-manifest/1"


def output_key(*parts: str | bytes) -> str:
    """One key from ordered parts; each part is length-prefixed, so ("ab", "c") != ("a", "bc")."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def fingerprint(value: object) -> bytes | None:
    """The bytes of a model value (dataclasses, enums, datetimes, lists, dicts), or None when
    it cannot be serialised. Equal bytes mean equal content, and equal content gives equal
    bytes however its objects are shared: the pickler keeps no memo ("fast" mode), so a
    string used twice is written twice, as it is when read from the incident cache."""
    return Fingerprints()(value, digests=False)


class Fingerprints:
    """`fingerprint()` for the many outputs of one build: an incident in a value is written
    as the hash of its own bytes, computed once however many outputs read it (its page, its
    two feeds), or as the digest of its sources in `known` (`Hub.sources`: the same
    incident whether read from its files or from a cache). Holds the incidents it has
    seen: use one per build."""

    def __init__(self, known: dict[int, tuple[Incident, bytes]] | None = None) -> None:
        self.digests: dict[int, tuple[Incident, bytes]] = dict(known or {})

    def __call__(self, value: object, *, digests: bool = True) -> bytes | None:
        out = io.BytesIO()
        pickler = _Pickler(out, self.digests if digests else None)
        try:
            pickler.dump(value)
        except (pickle.PicklingError, TypeError, AttributeError, RecursionError, ValueError):
            return None
        return out.getvalue()


class _Pickler(pickle.Pickler):
    def __init__(self, out: io.BytesIO, digests: dict[int, tuple[Incident, bytes]] | None) -> None:
        super().__init__(out, protocol=5)
        self.fast = True  # no memo: sharing does not change the bytes (no cycles in the model)
        self.digests = digests

    def reducer_override(self, obj: object) -> Any:
        if self.digests is None or type(obj) is not Incident:
            return NotImplemented
        known = self.digests.get(id(obj))
        if known is None:
            own = fingerprint(obj)
            if own is None:
                raise TypeError("an incident that cannot be serialised")
            known = self.digests[id(obj)] = (obj, hashlib.sha256(own).digest())
        return incident_digest, (known[1],)


def incident_digest(digest: bytes) -> bytes:
    """What an incident stands for in a fingerprint (see `Fingerprints`)."""
    return digest


@dataclass(frozen=True)
class Written:
    """What the builder left at one output path: the key, and the file's size and mtime."""

    key: str
    size: int
    mtime_ns: int


@dataclass(frozen=True)
class Manifest:
    """The outputs of one build of one site folder, as the builder left them."""

    site: str
    outputs: dict[str, Written] = field(default_factory=dict)

    def reusable(self, keys: Mapping[str, str | None]) -> set[str]:
        """The paths whose new key is known and equal to the key they were written with."""
        return {path for path, key in keys.items()
                if key is not None and path in self.outputs and self.outputs[path].key == key}

    def to_json(self) -> str:
        return json.dumps({"format": FORMAT, "site": self.site, "outputs": {
            path: [w.key, w.size, w.mtime_ns] for path, w in sorted(self.outputs.items())}},
            separators=(",", ":"))


def parse_manifest(text: str, site: str) -> Manifest | None:
    """The manifest in `text` if it is whole, of this format and for the site folder `site`;
    None for anything else (corrupt, older format, another site's cache): never trusted."""
    try:
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("site") != site:
            return None
        outputs = {}
        for path, record in data["outputs"].items():
            key, size, mtime_ns = record
            if not (isinstance(path, str) and isinstance(key, str) and len(key) == 64
                    and isinstance(size, int) and isinstance(mtime_ns, int)):
                return None
            outputs[path] = Written(key, size, mtime_ns)
    except (ValueError, TypeError, KeyError, AttributeError):
        return None
    return Manifest(site, outputs)


def unsafe_paths(paths: Iterable[str]) -> list[str]:
    """Output paths that could leave the site folder (absolute, `..`): never reused."""
    return [p for p in paths if p.startswith(("/", "\\")) or ".." in p.split("/") or ":" in p]
