"""The raw-HTML policy for content bodies (generator/sanitize.py, docs/proof.md)."""

from __future__ import annotations

import markdown
import pytest

from generator.cli.main import main
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
