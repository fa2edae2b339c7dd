"""Hostile and broken input: each file of tests/hostile/files/ gives a clear one-line error or
safe output; never a traceback, never a half-written site.

Every case runs the real command line (`crisishub check`, then `crisishub build`) on a small
valid hub that has a published site, with one file replaced by the broken one.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
import yaml
from support import HubFolder, site_folders_settled

from generator.cli.main import main

FILES = Path(__file__).parent / "hostile" / "files"
INCIDENT = "2026-11-24-payments"
UPDATE = f"incidents/{INCIDENT}/02.md"
INCIDENT_FILE = f"incidents/{INCIDENT}/incident.md"
MAINTENANCE = "maintenance/2026-11-28-upgrade.md"
FAQ = "faq/is-it-down.md"
SHOWN = {UPDATE: f"content/{UPDATE}", INCIDENT_FILE: f"content/{INCIDENT_FILE}",
         "components.yml": "content/components.yml", MAINTENANCE: f"content/{MAINTENANCE}",
         FAQ: f"content/{FAQ}"}
SYNTAX_HINT = ("; check the indentation, the ':' after each field name, and put text containing "
               "':' or '#' in quotes")
COPIED = "(it often comes from copying text out of another program)"

# (file in tests/hostile/files, where it goes in content/, the error line it must give)
ERRORS = [
    ("yaml-unclosed-quote.md", UPDATE, ":5: YAML syntax error: found unexpected end of stream"),
    ("yaml-tab-indent.md", UPDATE, ":5: tab character: replace it with spaces (YAML indents "
                                   "and separates with spaces only)"),
    ("yaml-colon-in-text.md", UPDATE, ":4: YAML syntax error: mapping values are not allowed "
                                      "here" + SYNTAX_HINT),
    ("yaml-python-tag.md", UPDATE, ":2: YAML syntax error: could not determine a constructor for "
                                   "the tag 'tag:yaml.org,2002:python/object/apply:os.system'"),
    ("yaml-billion-laughs.md", UPDATE, ":4: anchors and aliases ('&name', '*name') are not "
                                       "supported here"),
    ("yaml-self-alias.md", UPDATE, ":4: anchors and aliases ('&name', '*name') are not supported"),
    ("yaml-deep-nesting.md", UPDATE, ":1: the fields are nested too deeply to read; write plain "
                                     "'name: value' lines"),
    ("yaml-list-not-fields.md", UPDATE, ":2: the front-matter must be fields written as "
                                        "'name: value', one per line"),
    ("type-title-mapping.md", INCIDENT_FILE, ":2: title: must be plain text, not a list or a set "
                                             "of fields"),
    ("type-status-number.md", UPDATE, ":3: status: '3' is not one of investigating, identified, "
                                      "monitoring, resolved"),
    ("type-components-list.md", UPDATE, ":4: components: write one component per line, like:  "
                                        "api: major_outage"),
    ("type-social-number.md", UPDATE, ":4: social: write one short text, or one per channel"),
    ("type-owner-list.md", INCIDENT_FILE, ":4: owner: must be plain text, not a list or a set of "
                                          "fields"),
    ("type-at-number.md", UPDATE, ":2: at: '1732442400' is not a date and time; write it like "
                                  "2026-11-24 14:05 or 2026-11-24T14:05:00+01:00"),
    ("type-odd-keys.md", UPDATE, ":4: None: unknown field; an update allows: at, status, "
                                 "components, next_update, social"),
    ("enc-latin1.md", UPDATE, ":5: the file is not UTF-8 text (byte 0xfc); save it with UTF-8 "
                              "encoding"),
    ("enc-utf16.md", UPDATE, ":1: the file is not UTF-8 text (byte 0xff); save it with UTF-8 "
                             "encoding"),
    ("binary-garbage.md", UPDATE, ":1: the file is not UTF-8 text (byte 0xf8)"),
    ("control-char-raw.md", UPDATE, ":3: contains a character that is not allowed in a text file "
                                    f"(U+0001); delete it {COPIED}"),
    ("control-char-escaped.md", INCIDENT_FILE, ":2: title: contains an invisible control "
                                               f"character (U+0007); delete it {COPIED}"),
    ("control-char-body.md", UPDATE, ":5: the text contains an invisible control character "
                                     f"(U+0000); delete it {COPIED}"),
    ("duplicate-field.md", UPDATE, ":4: status: this field is written twice; keep only one"),
    ("duplicate-component-id.yml", "components.yml", ":6: components.2.id: 'web' is used twice; "
                                                     "every group and component needs its own id"),
    ("component-name-list.yml", "components.yml", ":3: components.0.name: must be plain text"),
    ("components-not-a-list.yml", "components.yml", ":1: components: missing; write "
                                                    "'components:' followed by a list"),
    ("unknown-component-update.md", UPDATE, ":5: components.paymnets: 'paymnets' is not a "
                                            "component in content/components.yml; known: web, api"),
    ("unknown-component-maintenance.md", MAINTENANCE, ":5: components.1: 'database' is not a "
                                                      "component in content/components.yml"),
    ("date-feb-30.md", UPDATE, ":2: at: '2026-02-30 10:00' is not a real date or time (day is "
                               "out of range for month)"),
    ("date-year-1.md", UPDATE, ":2: at: '0001-01-01 00:00': the year must be between 1970 and "
                               "2999; check it"),
    ("date-dst-gap.md", UPDATE, ":2: at: '2026-03-29 02:30' does not exist in Europe/Berlin (the "
                                "clocks jump forward then)"),
    ("date-hour-25.md", UPDATE, ":2: at: '2026-11-24 25:00' is not a real date or time (hour "
                                "must be in 0..23)"),
    ("maintenance-ends-first.md", MAINTENANCE, ":4: end: 2026-11-28T02:00:00+01:00 is not after "
                                               "start"),
    ("empty.md", UPDATE, ":1: the file is empty; start the file with a line '---'"),
    ("no-front-matter.md", UPDATE, ":1: no front-matter found; start the file with a line '---'"),
    ("unclosed-front-matter.md", UPDATE, ":1: the front-matter is not closed; add a line '---' "
                                         "after the last field"),
    ("faq-wrong-types.md", FAQ, ":2: question: must be plain text, not a list or a set of fields"),
    ("id-theme-config-attr-list.md", UPDATE, ":6: the id '__config' belongs to the page around "
                                             "the text and would be removed; choose another id"),
    ("id-theme-config-raw-html.md", UPDATE, ":7: the id '__config' belongs to the page around "
                                            "the text and would be removed"),
    ("class-fake-banner.md", UPDATE, ":5: the class 'md-dialog--active' belongs to the page "
                                     "around the text and would be removed; choose another class "
                                     "(classes starting with md- or ch- are the page's own)"),
    ("nesting-600-lists.md", UPDATE, ":5: lists or quotes nested 600 deep; the limit is 16: write "
                                     "fewer levels"),
    ("title-with-line-break.md", INCIDENT_FILE, ":2: title: contains a line break; write it on "
                                                "one line (a line break in a title breaks e-mail "
                                                "and feeds)"),
]
VALID = [("valid-bom-crlf.md", UPDATE), ("valid-lone-cr.md", UPDATE)]


def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(path.relative_to(folder).as_posix().encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site of the valid base hub, built once; each case starts from a copy of it."""
    root = tmp_path_factory.mktemp("published")
    base_hub(root)
    assert main(["--config", str(root / "mkdocs.yml"), "build"]) == 0
    return root / "site"


def base_hub(root: Path) -> HubFolder:
    hub = HubFolder(root)
    hub.write_incident(INCIDENT, started="2026-11-24 09:50")
    hub.write_update(INCIDENT, "01", at="2026-11-24 10:00",
                     body="**What we know:** payments fail. **Next update:** by 11:00.")
    hub.write_maintenance("2026-11-28-upgrade", start="2026-11-28 02:00", end="2026-11-28 03:00")
    hub.write_faq("is-it-down", question="Is it down?")
    return hub


def run(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["--config", str(root / "mkdocs.yml"), *args])
    captured = capsys.readouterr()
    output = captured.out + captured.err
    assert "Traceback" not in output
    return code, output


def hub_with(tmp_path: Path, published: Path, target: str, data: bytes) -> HubFolder:
    hub = base_hub(tmp_path)
    shutil.copytree(published, tmp_path / "site")
    hub.write(target, data)
    return hub


def no_staging_left(root: Path) -> None:
    """Neither a staging nor a retired folder; the skeleton of folders may wait."""
    assert site_folders_settled(root) in ([], [".site.skeleton"])


@pytest.mark.parametrize(("name", "target", "expected"), ERRORS, ids=[c[0] for c in ERRORS])
def test_broken_file_gives_one_clear_line_and_leaves_the_site(
    tmp_path: Path, published: Path, capsys: pytest.CaptureFixture[str],
    name: str, target: str, expected: str,
) -> None:
    hub = hub_with(tmp_path, published, target, (FILES / name).read_bytes())
    before = tree_digest(tmp_path / "site")
    code, output = run(tmp_path, capsys, "check")
    assert code == 1
    lines = [line for line in output.splitlines() if line.startswith(SHOWN[target])]
    assert any(line.startswith(SHOWN[target] + expected) for line in lines), output
    code, output = run(tmp_path, capsys, "build")
    assert code == 1
    assert "the published site was not touched" in output
    assert tree_digest(tmp_path / "site") == before
    no_staging_left(hub.root)


def test_there_are_at_least_thirty_broken_files() -> None:
    assert len(ERRORS) >= 30
    assert {name for name, _, _ in ERRORS + [(n, t, "") for n, t in VALID]} == {
        p.name for p in FILES.iterdir()}


@pytest.mark.parametrize(("name", "target"), VALID)
def test_bom_and_old_line_ends_are_fine(tmp_path: Path, published: Path,
                                        capsys: pytest.CaptureFixture[str], name: str,
                                        target: str) -> None:
    hub_with(tmp_path, published, target, (FILES / name).read_bytes())
    code, output = run(tmp_path, capsys, "build")
    assert code == 0, output
    assert "We are investigating." in (tmp_path / f"site/incidents/{INCIDENT}/index.html").read_text()


def test_a_folder_named_like_an_update(tmp_path: Path, published: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    hub = hub_with(tmp_path, published, f"incidents/{INCIDENT}/02.md/notes.txt", b"x")
    before = tree_digest(tmp_path / "site")
    code, output = run(tmp_path, capsys, "build")
    assert code == 1
    assert (f"content/incidents/{INCIDENT}/02.md: this is a folder, not a file; rename it or move "
            "it out of content/") in output
    assert tree_digest(tmp_path / "site") == before
    no_staging_left(hub.root)


def test_a_broken_link_instead_of_a_file(tmp_path: Path, published: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    hub = hub_with(tmp_path, published, "faq/other.md", b"")
    (hub.content / "faq/other.md").unlink()
    (hub.content / "faq/other.md").symlink_to(tmp_path / "nowhere.md")
    code, output = run(tmp_path, capsys, "check")
    assert code == 1
    assert "content/faq/other.md: cannot be read (No such file or directory)" in output


def test_a_huge_file_without_front_matter(tmp_path: Path, published: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    five_mb = ("We are investigating. " * 250_000).encode()
    hub_with(tmp_path, published, UPDATE, five_mb)
    code, output = run(tmp_path, capsys, "check")
    assert code == 1
    assert f"content/{UPDATE}:1: no front-matter found" in output
    assert len(output) < 2_000


# Made by the test (too big to commit): (what, where it goes, its bytes, the line it must give)
HEADER = b"---\nat: 2026-11-24 10:30\nstatus: identified\n---\n"
GENERATED = [
    ("64 KB of '[Abcd ' on one line", UPDATE, HEADER + b"[Abcd " * 11_000,
     ":5: this line is 65,999 characters long; the limit is 50,000: break it into paragraphs"),
    ("256 KB of '[Abcd ' in one paragraph", UPDATE, HEADER + (b"[Abcd " * 10 + b"\n") * 4_300,
     ":5: too many '[', '(' or '<' in long paragraphs to build in time; remove stray brackets, "
     "or split this paragraph with empty lines"),
    ("a 3 MB body", UPDATE, HEADER + b"We are investigating.\n\n" * 130_000,
     ":5: the text is 2,989,998 characters long; the limit is 2,000,000: split it, or link to a "
     "longer document"),
    ("800 nested quotes", UPDATE, HEADER + b"> " * 800 + b"x\n",
     ":5: lists or quotes nested 800 deep; the limit is 16"),
    ("an unbroken 9,000 character word with '@'", UPDATE, HEADER + b"a" * 9_000 + b"@b\n",
     None),
]


@pytest.mark.parametrize(("what", "target", "data", "expected"), GENERATED,
                         ids=[c[0] for c in GENERATED])
def test_inputs_that_would_be_slow_are_refused_before_the_build(
    tmp_path: Path, published: Path, capsys: pytest.CaptureFixture[str],
    what: str, target: str, data: bytes, expected: str | None,
) -> None:
    hub = hub_with(tmp_path, published, target, data)
    code, output = run(tmp_path, capsys, "check")
    if expected is None:  # must simply pass: the tone check reads the long word once
        assert code == 0, output
        return
    assert code == 1
    assert any(line.startswith(SHOWN[target] + expected) for line in output.splitlines()), output
    before = tree_digest(tmp_path / "site")
    code, output = run(tmp_path, capsys, "build")
    assert code == 1
    assert tree_digest(tmp_path / "site") == before
    no_staging_left(hub.root)


@pytest.mark.parametrize("kind", ["incident", "faq", "component"])
def test_an_id_too_long_for_a_file_name_is_named(tmp_path: Path, published: Path,
                                                 capsys: pytest.CaptureFixture[str],
                                                 kind: str) -> None:
    hub = hub_with(tmp_path, published, "faq/other.md", b"---\nquestion: Q?\n---\nA.\n")
    name = "a" * 250
    if kind == "incident":
        hub.write_incident(f"2026-11-24-{name[:239]}")
        shown = f"content/incidents/2026-11-24-{name[:239]}: '2026-11-24-{'a' * 29}...' is 250"
    elif kind == "faq":
        hub.write_faq(name)
        shown = f"content/faq/{name}.md: '{'a' * 40}...' is 250"
    else:
        hub.write_components({"components": [{"id": "web", "name": "Web"}, {"id": "api", "name": "API"},
                                             {"id": name, "name": "Long"}]})
        shown = f"content/components.yml:6: components.2.id: '{'a' * 40}...' is 250"
    code, output = run(tmp_path, capsys, "check")
    assert code == 1
    assert shown + " characters long; ids may have at most 100" in output, output
    code, output = run(tmp_path, capsys, "build")
    assert code == 1 and "ENAMETOOLONG" not in output and "File name too long" not in output


def test_a_large_update_builds(tmp_path: Path, published: Path,
                               capsys: pytest.CaptureFixture[str]) -> None:
    body = "\n\n".join(f"Paragraph {i}: we are still investigating the payments." for i in range(20_000))
    hub = hub_with(tmp_path, published, UPDATE, b"")
    hub.write_update(INCIDENT, "02", at="2026-11-24 10:30", body=body)
    code, output = run(tmp_path, capsys, "build")
    assert code == 0, output
    assert "Paragraph 19999:" in (tmp_path / f"site/incidents/{INCIDENT}/index.html").read_text()


def test_a_failure_inside_mkdocs_leaves_the_site(tmp_path: Path, published: Path,
                                                 capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """A disk that fills up while MkDocs copies a file fails the build after validation
    passed; the previous site stays whole."""
    from mkdocs.structure.files import File

    hub = hub_with(tmp_path, published, "pages/logo.png", b"\x89PNG\r\n\x1a\n")
    before = tree_digest(tmp_path / "site")

    def disk_full(self: File, dirty: bool = False) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(File, "copy_file", disk_full)
    code, output = run(tmp_path, capsys, "build")
    assert code == 1
    assert ("build failed: [Errno 28] No space left on device; the previous site was left as "
            "it was") in output
    assert tree_digest(tmp_path / "site") == before
    no_staging_left(hub.root)


def test_a_hand_written_page_that_is_not_utf8_is_named(tmp_path: Path, published: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    hub_with(tmp_path, published, "pages/press.md",
             "# Presse\n\nZahlungsausfälle".encode("latin-1"))
    code, output = run(tmp_path, capsys, "check")
    assert code == 1
    assert ("content/pages/press.md:3: the file is not UTF-8 text (byte 0xe4); save it with "
            "UTF-8 encoding") in output.splitlines()


MARK = "XSSMARK"
PAYLOAD = (f"<script>alert('{MARK}')</script><img src=x onerror=alert('{MARK}')>"
           f"\"><svg onload=alert('{MARK}')> <a href=\"javascript:alert('{MARK}')\">{MARK}-link</a>"
           f"<iframe src=\"https://evil.example/{MARK}\"></iframe>")


def injection_hub(root: Path) -> HubFolder:
    """A hub with the payload in every text field a PR person can write."""
    hub = HubFolder(root)
    hub.write_components({
        "groups": [{"id": "shop", "name": f"Shop {PAYLOAD}", "description": PAYLOAD}],
        "components": [{"id": "web", "name": f"Web {PAYLOAD}", "group": "shop",
                        "description": PAYLOAD},
                       {"id": "api", "name": "API", "description": PAYLOAD}],
    })
    hub.write_incident(INCIDENT, body=f"Summary {PAYLOAD}", title=f"Payments {PAYLOAD}",
                       owner=f"Maria {PAYLOAD}", started="2026-11-24 09:50",
                       components={"web": "major_outage"})
    hub.write_update(INCIDENT, "01", at="2026-11-24 10:00", body=f"**What we know:** {PAYLOAD}",
                     social=f"Social {PAYLOAD}", next_update="2026-11-24 12:30")
    hub.write_update("2026-11-20-old", "01", at="2026-11-20 10:00", status="resolved",
                     body=f"Resolved {PAYLOAD}", social={"x": PAYLOAD})
    hub.write_incident("2026-11-20-old", title=f"Old {PAYLOAD}", impact="minor")
    hub.write("incidents/2026-11-20-old/postmortem.md", "---\n" + yaml.safe_dump({
        "summary": f"Summary {PAYLOAD}", "root_cause": PAYLOAD, "lessons": [PAYLOAD],
        "action_items": [{"what": PAYLOAD, "owner": PAYLOAD, "due": "2026-12-01"}],
    }) + f"---\nPostmortem {PAYLOAD}\n")
    hub.write_maintenance("2026-11-28-upgrade", body=f"Planned {PAYLOAD}",
                          title=f"Upgrade {PAYLOAD}", start="2026-11-28 02:00",
                          end="2026-11-28 03:00", components=["web"])
    hub.write_faq("is-it-down", answer=f"Answer {PAYLOAD}", question=f"Is it down? {PAYLOAD}",
                  incidents=[INCIDENT])
    return hub


def test_injection_in_every_text_field_is_made_harmless(tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from lxml import etree, html

    hub = injection_hub(tmp_path)
    code, output = run(tmp_path, capsys, "build")
    if code != 0:
        # Postmortem rules of the practice issue may reject the test's postmortem; the rest
        # must still be checked, so drop it and build again.
        (hub.content / "incidents/2026-11-20-old/postmortem.md").unlink()
        code, output = run(tmp_path, capsys, "build")
    assert code == 0, output
    site = tmp_path / "site"
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10
    seen_mark = 0
    for page in pages:
        text = page.read_text(encoding="utf-8")
        seen_mark += text.count(MARK)
        tree = html.fromstring(text)
        for script in tree.iter("script"):
            if script.get("type") == "application/ld+json":
                json.loads(script.text)  # data, not code: must stay valid JSON
                continue
            assert MARK not in (script.text or "") + (script.get("src") or ""), page
        for element in tree.iter():
            if not isinstance(element.tag, str):
                continue
            assert element.tag not in ("iframe", "svg", "object", "embed") or MARK not in \
                etree.tostring(element, encoding="unicode"), page
            for name, value in element.attrib.items():
                if name.startswith("on"):
                    assert MARK not in value, (page, element.tag, name)
                if name in ("href", "src", "action", "formaction"):
                    assert not value.strip().lower().startswith("javascript:"), (page, value)
        title = tree.findtext(".//title") or ""
        assert "<" not in title or "&lt;" in text, page
    assert seen_mark > 50, "the payload should be shown as text, not dropped silently everywhere"
    # Feeds: well-formed XML, and the HTML they carry (escaped inside) has no live markup.
    for feed in sorted(site.rglob("*.xml")):
        root = etree.fromstring(feed.read_bytes())
        for node in root.iter():
            # Titles and the channel's description are plain text (showing "<script>" there is
            # right); an item's description and an entry's content or summary carry HTML.
            parent = node.getparent()
            carries_html = (isinstance(node.tag, str) and parent is not None
                            and etree.QName(parent).localname in ("item", "entry")
                            and etree.QName(node).localname in (
                                "description", "content", "summary", "encoded"))
            if carries_html and node.text and MARK in node.text:
                for element in html.fragment_fromstring(node.text, create_parent="div").iter():
                    assert element.tag not in ("script", "iframe", "svg"), (feed, node.text)
                    assert not any(name.startswith("on") for name in element.attrib), feed
                    assert not element.get("href", "").lower().startswith("javascript:"), feed
    for api in sorted(site.rglob("*.json")):
        json.loads(api.read_text(encoding="utf-8"))


def test_many_unclosed_html_lines_are_refused(tmp_path: Path, published: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    """Each line starting with '<' makes Markdown search the whole text for its end."""
    hub_with(tmp_path, published, UPDATE, HEADER + b"<lmn and more words.\n\n" * 3_000)
    code, output = run(tmp_path, capsys, "check")
    assert code == 1
    assert (f"content/{UPDATE}:5: 3,000 lines start with '<' (raw HTML) in a text of 65,998 "
            "characters, too many to build in time; write them as Markdown, or split the text"
            ) in output.splitlines(), output
