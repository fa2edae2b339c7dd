"""Reading one content file: bytes → text → front-matter fields (with their lines) + body.

python-frontmatter splits the file; the YAML is parsed here so that syntax errors are
reported (MkDocs' own reader swallows them) and every field keeps its line number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler

from generator.core.limits import check_body
from generator.core.problems import Problems

# A key path inside the front-matter, e.g. ("components", "api") or ("components", 0, "id").
KeyPath = tuple[Any, ...]


class _Loader(yaml.SafeLoader):
    """SafeLoader that leaves dates as text, so that we parse (and explain) them ourselves."""


# YAML 1.1 reads '11:35' as the base-60 number 695; a person wrote a time. Numbers with ':'
# stay text, so the error quotes what was typed.
_SEXAGESIMAL = {"tag:yaml.org,2002:int": re.compile(r"""^(?:[-+]?0b[0-1_]+
                    |[-+]?0[0-7_]+
                    |[-+]?(?:0|[1-9][0-9_]*)
                    |[-+]?0x[0-9a-fA-F_]+)$""", re.X),
                "tag:yaml.org,2002:float": re.compile(r"""^(?:
                    [-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?
                    |\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?
                    |[-+]?\.(?:inf|Inf|INF)
                    |\.(?:nan|NaN|NAN))$""", re.X)}
_Loader.yaml_implicit_resolvers = {
    first: [(tag, _SEXAGESIMAL.get(tag, rx)) for tag, rx in resolvers
            if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _FrontMatterLoader(_Loader):
    """Front-matter booleans are YAML 1.2's `true` and `false` only: Decap CMS (the `yaml`
    package) writes a title "Yes" or a component "no" unquoted, and YAML 1.1 reads those as
    true and false. Settings files keep YAML 1.1 (`enabled: no` there means false)."""


_BOOLEAN = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, _BOOLEAN if tag == "tag:yaml.org,2002:bool" else rx) for tag, rx in resolvers]
    for first, resolvers in _Loader.yaml_implicit_resolvers.items()
}


@dataclass
class Document:
    """A parsed content file: its fields, their lines and its Markdown body."""

    path: str
    meta: dict[str, Any]
    body: str
    body_line: int
    lines: dict[KeyPath, int] = field(default_factory=dict)

    def line_of(self, *key: Any) -> int:
        """The line of a field (or the closest enclosing one); 1 when unknown."""
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return 1


def field_lines(doc: Document) -> dict[str, int]:
    """Each front-matter field's line, by dotted name ('owner', 'social.x'), for later checks."""
    return {".".join(str(k) for k in key): line for key, line in doc.lines.items()}


def decode(path: str, raw: bytes, problems: Problems) -> str | None:
    """UTF-8 text with a BOM removed and line ends made \\n; None (and a problem) otherwise."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.error(
            path, line, None,
            f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x}); "
            "save it with UTF-8 encoding",
        )
        return None
    text = text.removeprefix("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n")


_FAST_BASE: Any = getattr(yaml, "CSafeLoader", None)  # libyaml's parser, where installed
# For YAML that needs no line marks (the packaged strings and lists): the same values as
# PyYAML's own safe loader, about ten times faster.
SAFE_LOADER: Any = _FAST_BASE or yaml.SafeLoader
_fast_classes: dict[type[_Loader], Any] = {}


def _fast_loader(loader_class: type[_Loader]) -> Any:
    """libyaml's parser with `loader_class`'s rules for plain values (they are applied in
    Python by both); None without libyaml."""
    if _FAST_BASE is None:
        return None
    if loader_class not in _fast_classes:
        _fast_classes[loader_class] = type(f"Fast{loader_class.__name__}", (_FAST_BASE,), {
            "yaml_implicit_resolvers": loader_class.yaml_implicit_resolvers})
    return _fast_classes[loader_class]


def _parse_fast(path: str, text: str, first_line: int,
                loader_class: type[_Loader]) -> tuple[Any, dict[KeyPath, int]] | None:
    """The values and lines of well-formed YAML, composed by libyaml (ten times faster than
    the pure-Python composer, with the same line marks); None for anything else, which
    `parse_yaml` then reads the slow way to explain it exactly as always."""
    fast = _fast_loader(loader_class)
    if fast is None or "\t" in text:  # libyaml takes a tab where PyYAML (and we) refuse it
        return None
    try:
        yaml.reader.Reader(text)  # the characters YAML forbids, checked as the slow way does
        loader = fast(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return {}, {}
            lines: dict[KeyPath, int] = {}
            found = Problems()
            if not _collect_lines(path, node, (), first_line, lines, found, set()) or found:
                return None
            data = loader.construct_document(node)
        finally:
            loader.dispose()
    except Exception:  # noqa: BLE001 - any doubt: the slow way says what is wrong
        return None
    for key in lines:
        value = _value_at(data, key)
        if isinstance(value, str) and INVISIBLE.search(value):
            return None
    return data, lines


def parse_yaml(
    path: str, text: str, first_line: int, problems: Problems,
    loader_class: type[_Loader] = _Loader,
) -> tuple[Any, dict[KeyPath, int]] | None:
    """Parse YAML text that starts at `first_line` of the file; values and their lines.

    Never raises on any text: syntax errors, characters YAML forbids, anchors and aliases,
    nesting too deep to read and invisible control characters in values are all problems.
    Well-formed text is composed by libyaml; anything it does not take cleanly is read again
    by PyYAML's own parser, whose messages the problems quote.
    """
    fast = _parse_fast(path, text, first_line, loader_class)
    if fast is not None:
        return fast
    try:
        loader = loader_class(text)  # reads the whole stream: forbidden characters fail here
    except yaml.reader.ReaderError as exc:
        problems.error(path, first_line + text.count("\n", 0, exc.position), None,
                       _forbidden_character(exc.character))
        return None
    try:
        node = loader.get_single_node()
        if node is None:
            return {}, {}
        lines: dict[KeyPath, int] = {}
        if not _collect_lines(path, node, (), first_line, lines, problems, set()):
            return None
        data = loader.construct_document(node)
    except yaml.reader.ReaderError as exc:
        problems.error(path, first_line + text.count("\n", 0, exc.position), None,
                       _forbidden_character(exc.character))
        return None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + (mark.line if mark else 0)
        what = exc.problem or exc.context or "not valid YAML"
        if "'\\t'" in what or "\t" in what:
            problems.error(path, line, None, "tab character: replace it with spaces (YAML "
                           "indents and separates with spaces only)")
            return None
        problems.error(
            path, line, None,
            f"YAML syntax error: {what}; check the indentation, the ':' after each field "
            "name, and put text containing ':' or '#' in quotes",
        )
        return None
    except yaml.YAMLError as exc:
        problems.error(path, first_line, None, f"YAML syntax error: {' '.join(str(exc).split())}")
        return None
    except RecursionError:
        problems.error(path, first_line, None,
                       "the fields are nested too deeply to read; write plain 'name: value' lines")
        return None
    finally:
        loader.dispose()
    for key, line in lines.items():
        value = _value_at(data, key)
        if isinstance(value, str) and (bad := INVISIBLE.search(value)):
            problems.error(path, line, ".".join(str(k) for k in key),
                           f"contains an invisible control character ({_codepoint(bad.group())}); "
                           "delete it (it often comes from copying text out of another program)")
            return None
    return data, lines


# Characters that are not allowed in XML 1.0 (so in feeds) and that no one types on purpose:
# C0 controls other than tab and line end, and the non-characters U+FFFE, U+FFFF.
def parse_settings_file(
    path: str, raw: bytes, problems: Problems,
) -> tuple[Any, dict[KeyPath, int]] | None:
    """A whole YAML settings file (components.yml, channels.yml, tone.yml): its values and
    their lines, or None with the problems found (the one reader of such files)."""
    text = decode(path, raw, problems)
    return parse_yaml(path, text, 1, problems) if text is not None else None


INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _codepoint(character: str | int) -> str:
    return f"U+{character if isinstance(character, int) else ord(character):04X}"


def _forbidden_character(character: str | int) -> str:
    return (f"contains a character that is not allowed in a text file ({_codepoint(character)}); "
            "delete it (it often comes from copying text out of another program)")


def _value_at(data: Any, key: KeyPath) -> Any:
    for part in key:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _key_value(node: yaml.Node) -> Any:
    """A mapping key as the loader constructs it (so `3:` is 3 and `~:` is None)."""
    if isinstance(node, yaml.ScalarNode) and node.tag != "tag:yaml.org,2002:str":
        try:
            return _Loader("").construct_object(node)
        except yaml.YAMLError:
            return node.value
    return node.value


def _collect_lines(
    path: str, node: yaml.Node, prefix: KeyPath, first_line: int,
    lines: dict[KeyPath, int], problems: Problems, seen_nodes: set[int],
) -> bool:
    """Record the line of every field; False (and a problem) for anchors and aliases.

    An alias makes the composer hand back a node seen before; refusing them keeps a
    'billion laughs' file or a self-referencing list from exploding in size or recursing.
    """
    if id(node) in seen_nodes:
        problems.error(path, first_line + node.start_mark.line, None,
                       "anchors and aliases ('&name', '*name') are not supported here; write the "
                       "value out, and put text starting with '*' or '&' in quotes")
        return False
    seen_nodes.add(id(node))
    if isinstance(node, yaml.MappingNode):
        seen: set[Any] = set()
        for key_node, value_node in node.value:
            key = _key_value(key_node)
            line = first_line + key_node.start_mark.line
            if isinstance(key, (list, dict)):
                continue  # the constructor reports "found unhashable key"
            if key in seen:
                name = ".".join(str(k) for k in (*prefix, key))
                problems.error(
                    path, line, name,
                    "this field is written twice; keep only one (the later one would win)",
                )
            seen.add(key)
            lines[(*prefix, key)] = line
            if not _collect_lines(path, value_node, (*prefix, key), first_line, lines, problems,
                                  seen_nodes):
                return False
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[(*prefix, index)] = first_line + item.start_mark.line
            if not _collect_lines(path, item, (*prefix, index), first_line, lines, problems,
                                  seen_nodes):
                return False
    return True


_HANDLER = YAMLHandler()
FRONT_MATTER_EXAMPLE = "start the file with a line '---', the fields, then another line '---'"


def read_document(path: str, raw: bytes, problems: Problems) -> Document | None:
    """Parse a Markdown file with YAML front-matter; None (and problems) when unreadable."""
    text = decode(path, raw, problems)
    if text is None:
        return None
    if not text.strip():
        problems.error(path, 1, None, f"the file is empty; {FRONT_MATTER_EXAMPLE}")
        return None
    if not _HANDLER.detect(text):
        problems.error(path, 1, None, f"no front-matter found; {FRONT_MATTER_EXAMPLE}")
        return None
    try:
        front_matter, body = _HANDLER.split(text)
    except ValueError:
        problems.error(
            path, 1, None,
            "the front-matter is not closed; add a line '---' after the last field",
        )
        return None
    # The split keeps the line break after the opening '---', so line numbers count from
    # wherever the front-matter text starts in the file.
    first_line = text.count("\n", 0, text.find(front_matter)) + 1
    parsed = parse_yaml(path, front_matter, first_line, problems, _FrontMatterLoader)
    if parsed is None:
        return None
    meta, lines = parsed
    if not isinstance(meta, dict):
        problems.error(
            path, 2, None,
            "the front-matter must be fields written as 'name: value', one per line",
        )
        return None
    body_offset = len(text) - len(body)
    stripped = body.lstrip("\n")
    body_line = text.count("\n", 0, body_offset) + 1 + (len(body) - len(stripped))
    if bad := INVISIBLE.search(stripped):
        problems.error(path, body_line + stripped.count("\n", 0, bad.start()), None,
                       f"the text contains an invisible control character ({_codepoint(bad.group())}); "
                       "delete it (it often comes from copying text out of another program)")
        return None
    check_body(path, stripped.rstrip(), body_line, problems)
    return Document(path, meta, stripped.rstrip(), body_line, lines)
