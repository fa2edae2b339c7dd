"""Property: whatever front-matter an incident.md or an update holds, loading never raises,
every problem is one 'path:line: ...' line, and content without errors builds."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from support import HubFolder

INCIDENT = "2026-11-24-payments"
INCIDENT_FIELDS = ["title", "impact", "components", "owner", "started"]
UPDATE_FIELDS = ["at", "status", "components", "next_update", "social"]
PROBLEM_LINE = re.compile(rf"^content/incidents/{INCIDENT}/(incident|01)\.md:\d+: \S")

# Any Unicode a keyboard, a paste or a broken export can produce, control characters included.
texts = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), texts,
                    st.sampled_from(["2026-11-24 10:00", "2026-11-24T10:00:00+01:00", "2026-02-30 10:00",
                                     "0001-01-01 00:00", "major", "resolved", "web", "major_outage"]))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3)
                      | st.dictionaries(st.one_of(texts, st.integers()), inner, max_size=3),
                      max_leaves=6)
VALID_VALUES: dict[str, Any] = {
    "title": st.just("Payments failing"), "impact": st.sampled_from(["minor", "major", "critical"]),
    "owner": st.just("Maria Lind"), "started": st.just("2026-11-24 09:30"),
    "at": st.sampled_from(["2026-11-24 10:00", "2026-11-24T11:00:00+01:00"]),
    "status": st.sampled_from(["investigating", "identified", "monitoring", "resolved"]),
    "components": st.just({"web": "major_outage"}), "next_update": st.just("2026-11-24 12:00"),
    "social": st.just("Payments are failing; next update by 12:00."),
}


@st.composite
def front_matter(draw: st.DrawFn, names: list[str]) -> dict[Any, Any]:
    """Mostly-valid fields with some replaced by anything and some odd extra keys."""
    fields: dict[Any, Any] = {}
    for name in names:
        choice = draw(st.sampled_from(["valid"] * 6 + ["any", "absent"]))
        if choice == "valid":
            fields[name] = draw(VALID_VALUES[name])
        elif choice == "any":
            fields[name] = draw(values)
    extra = st.dictionaries(st.one_of(texts, st.integers(), st.none()), values, max_size=2)
    for key, value in (draw(extra) if draw(st.integers(0, 3)) == 0 else {}).items():
        fields.setdefault(key, value)
    return fields


@st.composite
def content_file(draw: st.DrawFn, names: list[str]) -> bytes:
    fields = draw(front_matter(names))
    if draw(st.booleans()):
        meta = yaml.safe_dump(fields, allow_unicode=draw(st.booleans()), sort_keys=False)
    else:  # hand-typed YAML-ish lines: unquoted, so every special character is live
        meta = "".join(f"{k}: {v}\n" for k, v in fields.items())
    body = draw(st.sampled_from(["We are investigating.", "<b>Paid twice?</b> No.", ""]) | texts)
    text = f"---\n{meta}---\n{body}\n"
    line_end = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    bom = draw(st.sampled_from(["", "\ufeff"]))
    return (bom + text.replace("\n", line_end)).encode("utf-8")


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(incident=content_file(INCIDENT_FIELDS), update=content_file(UPDATE_FIELDS))
def test_any_front_matter_gives_lines_or_a_site(tmp_path: Path, incident: bytes,
                                               update: bytes) -> None:
    root = tmp_path / "hub"
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir()
    hub = HubFolder(root)
    hub.write(f"incidents/{INCIDENT}/incident.md", incident)
    hub.write(f"incidents/{INCIDENT}/01.md", update)
    _, problems = hub.load()  # must not raise
    for problem in problems:
        assert PROBLEM_LINE.match(str(problem)), str(problem)
        assert "\n" not in str(problem)
    event("errors" if problems.errors else "built")
    if not problems.errors:
        site = hub.build()
        assert (site / f"incidents/{INCIDENT}/index.html").is_file()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(front_matter(INCIDENT_FIELDS + UPDATE_FIELDS).map(
    lambda fields: yaml.safe_dump(fields, allow_unicode=True, sort_keys=False)),
    front_matter(INCIDENT_FIELDS + UPDATE_FIELDS).map(  # hand-typed: every character live
        lambda fields: "".join(f"{k}: {v}\n" for k, v in fields.items())),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=80)))
def test_libyaml_reads_front_matter_as_pyyaml_does(text: str) -> None:
    """Front-matter is composed by libyaml when it takes the text cleanly, else by PyYAML:
    whenever libyaml answers, its values and lines are PyYAML's own."""
    from generator.core.documents import _FrontMatterLoader, _parse_fast, parse_yaml
    from generator.core.problems import Problems

    fast = _parse_fast("x.md", text, 2, _FrontMatterLoader)
    if fast is None:
        event("read by PyYAML")
        return
    event("read by libyaml")
    from generator.core import documents

    slow = documents._FAST_BASE
    documents._FAST_BASE = None
    documents._fast_classes.clear()
    try:
        problems = Problems()
        assert parse_yaml("x.md", text, 2, problems, _FrontMatterLoader) == fast
        assert not problems
    finally:
        documents._FAST_BASE = slow


@settings(max_examples=400)
@given(title=st.text(), template=st.sampled_from(["crisishub/incident.html", "crisishub/home.html"]))
def test_a_view_pages_front_matter_gives_back_its_title_exactly(title: str, template: str) -> None:
    """The plugin writes each generated page's title as front-matter (as JSON when it is
    printable): MkDocs must read back the very same string, whatever a title holds."""
    from mkdocs.utils.meta import get_data

    from generator.site.plugin import view_front_matter

    _, meta = get_data(f"---\n{view_front_matter(template, title)}---\n")
    assert meta == {"template": template, "title": title}
