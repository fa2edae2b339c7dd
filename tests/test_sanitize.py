"""The raw-HTML policy for content bodies (generator/sanitize.py, docs/proof.md)."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest
from conftest import HubFolder

from generator.cli.main import main
from generator.core.reserved import reserved_names_in
from generator.wording.sanitize import clean_html


@pytest.mark.parametrize(("dirty", "clean"), [
    ("<p>Hi<script>alert(1)</script></p>", "<p>Hi</p>"),
    ('<img src="x.png" onerror="alert(1)" alt="x">', '<img src="x.png" alt="x">'),
    ('<a href="javascript:alert(1)">go</a>', "<a>go</a>"),
    ('<a href="https://example.com/" onclick="x()">go</a>', '<a href="https://example.com/">go</a>'),
    ('<iframe src="https://evil.example/"></iframe>ok', "ok"),
    ('<div style="position:fixed;top:0">fake</div>', "<div>fake</div>"),
    ('<form action="https://evil.example/"><input name="card"></form>', ""),
    ("<!-- note to self -->text", "text"),
])
def test_dangerous_html_goes(dirty: str, clean: str) -> None:
    assert clean_html(dirty) == clean


def test_what_markdown_writes_stays() -> None:
    md = markdown.Markdown(extensions=["admonition", "attr_list", "tables", "toc"])
    source = ('!!! warning "Card payments"\n    Retry later.\n\n| a | b |\n|:-:|--:|\n| 1 | 2 |\n\n'
              "## Next steps {: #next }\n\n<details><summary>More</summary>Text</details>\n\n"
              "[Help](https://help.example/) <support@example.com>\n")
    cleaned = clean_html(md.convert(source))
    for kept in ('<div class="admonition warning">', '<p class="admonition-title">Card payments</p>',
                 '<th style="text-align:center">a</th>', '<td style="text-align:right">2</td>',
                 '<h2 id="next">Next steps</h2>', "<details><summary>More</summary>Text</details>",
                 '<a href="https://help.example/">Help</a>', 'href="mailto:'):
        assert kept in cleaned


def test_an_unexpected_failure_is_one_line(monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    def broken(*args: object) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr("generator.cli.main.load_project", broken)
    assert main(["check"]) == 3
    err = capsys.readouterr().err
    assert err.startswith("error: Crisis Hub failed unexpectedly (ZeroDivisionError: division by "
                          "zero). Nothing was published.")
    assert "Traceback" not in err


# -- ids and classes of the page around the content (generator/core/reserved.py) -------------

# The admonition types Material styles; content writes them with `!!! <type>`.
MATERIAL_ADMONITION_TYPES = ("note", "abstract", "info", "tip", "success", "question", "warning",
                             "failure", "danger", "bug", "example", "quote")


def theme_names() -> tuple[set[str], set[str]]:
    """Every id and class that Material's installed JavaScript and templates and the hub's own
    templates use: read from the files, so a new Material release is covered too."""
    import material

    root = Path(material.__file__).parent / "templates"
    script = "\n".join(p.read_text(encoding="utf-8")
                       for p in (root / "assets/javascripts").glob("bundle.*.min.js"))
    templates = [p.read_text(encoding="utf-8") for p in root.rglob("*.html")]
    templates += [p.read_text(encoding="utf-8")
                  for p in (Path(__file__).parent.parent / "overrides").rglob("*.html")]
    ids = set(re.findall(r"#(__[A-Za-z0-9_-]+)", script))
    ids |= set(re.findall(r"[\"'`](__(?:[a-z]+_)[A-Za-z0-9_-]*)", script))
    classes = set(re.findall(r"\.(md-[A-Za-z0-9_-]+)", script))
    classes |= set(re.findall(r"[\"'`](md-[a-z0-9_-]+)", script))
    for text in templates:
        ids |= {name for name in re.findall(r'\bid="([^"{}]+)"', text)}
        for value in re.findall(r'\bclass="([^"]+)"', text):
            classes |= {c for c in re.sub(r"\{[{%].*?[%}]\}", " ", value).split() if c}
    # Classes the templates share with content on purpose: Markdown's task lists and
    # admonitions (`!!! failure "Title"`) write these into content, and `no-js` only means
    # something on <html>.
    return ids, classes - {"no-js", "task-list", "task-list-control", "task-list-indicator",
                           "task-list-item", "admonition", "admonition-title",
                           *MATERIAL_ADMONITION_TYPES}


def test_the_list_of_theme_names_is_complete_enough_to_mean_something() -> None:
    ids, classes = theme_names()
    assert {"__config", "__search", "__drawer", "ch-active"} <= ids
    assert {"md-dialog--active", "md-typeset", "md-header--shadow"} <= classes
    assert any(c.startswith("ch-") for c in classes)


def test_content_cannot_set_an_id_or_class_the_theme_reads() -> None:
    ids, classes = theme_names()
    md = markdown.Markdown(extensions=["admonition", "attr_list", "tables", "toc"])
    for name in sorted(ids):
        for source in (f"Text\n{{: #{name} }}", f'<p id="{name}">x</p>', f"<p id={name}>x</p>",
                       f"## Heading {{: #{name} }}"):
            cleaned = clean_html(md.reset().convert(source))
            assert f'id="{name}"' not in cleaned, (name, cleaned)
            assert reserved_names_in(source), source
    for name in sorted(classes):
        for source in (f"Text\n{{: .{name} }}", f'<div class="note {name}">x</div>'):
            cleaned = clean_html(md.reset().convert(source))
            assert name not in cleaned, (name, cleaned)
            assert reserved_names_in(source), source


def test_the_fake_banner_and_the_config_hijack_are_gone() -> None:
    dirty = ('<div class="md-dialog md-dialog--active"><div class="md-dialog__inner">All systems '
             'operational</div></div><script id="__config" type="application/json">{"base": '
             '"https://evil.example"}</script><p id="__config" class="note">x</p>')
    assert clean_html(dirty) == '<div><div>All systems operational</div></div><p class="note">x</p>'


def test_ordinary_ids_and_classes_stay() -> None:
    assert clean_html('<h2 id="what-we-know" class="warning big">x</h2>') == \
        '<h2 id="what-we-know" class="warning big">x</h2>'
    assert reserved_names_in('<h2 id="what-we-know" class="warning">') == []


def test_check_names_the_line_of_a_reserved_id(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    hub = HubFolder(tmp_path)
    hub.write_incident("2026-11-24-payments", started="2026-11-24 09:50")
    hub.write_update("2026-11-24-payments", "01", at="2026-11-24 10:00",
                     body='We are investigating.\n{: #__config }\n\n<div class="md-dialog--active">x</div>')
    code = main(["--config", str(tmp_path / "mkdocs.yml"), "check"])
    output = capsys.readouterr().err
    assert code == 1
    assert ("content/incidents/2026-11-24-payments/01.md:6: the id '__config' belongs to the page "
            "around the text and would be removed; choose another id (ids starting with __, md-, "
            "ch-, update-, maintenance-, role- and the id 'postmortem' are the page's own)"
            ) in output.splitlines()
    assert ("content/incidents/2026-11-24-payments/01.md:8: the class 'md-dialog--active' belongs "
            "to the page around the text and would be removed; choose another class (classes "
            "starting with md- or ch- are the page's own)") in output.splitlines()
