"""Field lines in front-matter are the lines a person sees in their editor."""

from generator.core.documents import read_document
from generator.core.problems import Problems


def test_front_matter_fields_keep_their_editor_lines() -> None:
    doc = read_document("a.md", b"---\nat: 1\nstatus: x\nsocial:\n  x: hi\n---\nbody\n", Problems())
    assert doc is not None
    assert doc.lines == {("at",): 2, ("status",): 3, ("social",): 4, ("social", "x"): 5}
    assert doc.body_line == 7


def test_yaml_syntax_errors_point_at_the_broken_line() -> None:
    problems = Problems()
    read_document("a.md", b"---\nat: 1\nstatus: [x\n---\n", problems)
    assert str(problems.items[0]).startswith("a.md:4: YAML syntax error")
