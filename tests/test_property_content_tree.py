"""Hypothesis: random content trees (Markdown, HTML, ids, names, times, links) either load
cleanly or give named problems; nothing outside content/ is read; every output path has one
owner; no theme id or class survives rendering. (Build time vs size: bench/hostile_bench.py.)"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path
from zoneinfo import ZoneInfo

import markdown
from conftest import HubFolder
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.core.claims import hub_claims, second_claims
from generator.core.reserved import reserved_class, reserved_id
from generator.reading.addresses import address_problems, hand_written_claims
from generator.reading.loader import load_hub
from generator.wording.sanitize import clean_html

ZONE = ZoneInfo("Europe/Berlin")
PIECES = st.sampled_from([
    "We are investigating. ", "[Abcd ", "](", "<p id=\"__config\">x</p>", "{: #__search }",
    "{: .md-dialog--active }", "<div class=\"md-dialog md-dialog--active ch-banner\">", "- ", "> ",
    "\n", "\n\n", "    ", "**bold** ", "<script>alert(1)</script>", "<a href=\"javascript:x\">",
    "a@b.example ", "[Describe the impact]", "`code` ", "<details><summary>s</summary>", "é ",
])
BODY = st.lists(PIECES, max_size=60).map("".join)
NAME = st.sampled_from(["index", "history", "feed", "api", "faq", "x", "a" * 120, "ok-name"])
TIME = st.sampled_from(["2026-11-24 10:00", "2026-10-25 02:30", "2999-01-01 00:00",
                        "2026-03-29 02:30", "2026-11-24T10:00:00+01:00", "2026-11-24 10:00"])
LINK = st.sampled_from([None, "/etc/hostname", "..", "../../outside.txt", "faq"])


@st.composite
def trees(draw: st.DrawFn) -> dict:  # type: ignore[type-arg]
    return {
        "updates": draw(st.lists(st.tuples(TIME, BODY), min_size=1, max_size=3)),
        "faq": draw(st.lists(st.tuples(NAME, BODY), max_size=3)),
        "component": draw(NAME),
        "page": draw(st.tuples(NAME, BODY)),
        "link": draw(LINK),
    }


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tree=trees())
def test_random_content_trees(tree: dict) -> None:  # type: ignore[type-arg]
    root = Path(tempfile.mkdtemp())
    try:
        hub = HubFolder(root / "hub")
        (hub.root / "outside.txt").write_text("SECRET-OUTSIDE")  # what '../../outside.txt' reaches
        hub.write_components({"components": [{"id": "web", "name": "Web"},
                                             {"id": tree["component"], "name": "Other"}]})
        hub.write_incident("2026-11-24-pay", started="2026-01-01 00:00")
        for index, (at, body) in enumerate(tree["updates"]):
            hub.write_update("2026-11-24-pay", f"0{index}", at=at, body=body or "x")
        for name, body in tree["faq"]:
            hub.write_faq(name, answer=body or "x")
        hub.write(f"pages/{tree['page'][0]}.md", tree["page"][1] or "x")
        if tree["link"]:
            (hub.content / "faq").mkdir(exist_ok=True)
            os.symlink(tree["link"], hub.content / "faq/linked.md")
        read: list[str] = []
        original = Path.read_bytes

        def spy(self: Path) -> bytes:
            data = original(self)
            read.append(str(self.resolve()))
            return data

        Path.read_bytes = spy  # type: ignore[method-assign]
        try:
            loaded, problems = load_hub(hub.content, ZONE, display_root=hub.root)
        finally:
            Path.read_bytes = original  # type: ignore[method-assign]
        # What `crisishub check` adds: every output path claimed once.
        problems.extend(address_problems(
            loaded, hub.content / "pages", lambda p: p.relative_to(hub.root).as_posix(),
            "content/components.yml"))
        content = str(hub.content.resolve())
        assert all(path.startswith(content) for path in read), read
        for problem in problems:
            assert re.match(r"^content/\S+(:\d+)?: ", str(problem)), str(problem)
        if not problems.errors:
            claims = hub_claims(loaded) + hand_written_claims(
                hub.content / "pages", lambda p: p.relative_to(hub.root).as_posix())
            assert second_claims(claims) == []
            md = markdown.Markdown(extensions=["admonition", "attr_list", "tables", "toc"])
            for update in loaded.incidents[0].updates:
                html = clean_html(md.reset().convert(update.body))
                for value in re.findall(r'\bid="([^"]*)"', html):
                    assert not reserved_id(value), html
                for value in re.findall(r'\bclass="([^"]*)"', html):
                    assert not any(reserved_class(c) for c in value.split()), html
    finally:
        shutil.rmtree(root, ignore_errors=True)
