"""Ids and classes that belong to the page around the content, never to the content itself.

Material's JavaScript finds its own elements by id (`__config` holds the theme's settings,
including where search loads from; `__search`, `__drawer`, `__palette_0` are its toggles) and
draws its chrome with `md-*` classes (`md-dialog--active` shows a banner over the page). The
hub's templates use `ch-*` classes and ids, and give anchors to updates (`update-<file>`),
maintenance windows (`maintenance-<id>`), roles (`role-<id>`) and the postmortem. Content
that could set one of these could replace the theme's configuration or draw a fake status
banner, so the sanitiser drops them and `crisishub check` names them.

`tests/test_sanitize.py` reads Material's installed JavaScript and templates and proves every
id and class found there is covered.
"""

from __future__ import annotations

import re

RESERVED_ID_PREFIXES = ("__", "md-", "ch-", "update-", "maintenance-", "role-")
RESERVED_IDS = frozenset({"postmortem"})
RESERVED_CLASS_PREFIXES = ("md-", "ch-")
RESERVED_RULE = {
    "id": "ids starting with " + ", ".join(RESERVED_ID_PREFIXES) + " and the id 'postmortem' are "
          "the page's own",
    "class": "classes starting with " + " or ".join(RESERVED_CLASS_PREFIXES) + " are the page's own",
}
# Material's own code and layout elements (`__code_0`, `__codelineno-1`) start with '__'.


def reserved_id(value: str) -> bool:
    """True when content must not use `value` as an element id (see module doc)."""
    name = value.strip().lower()
    return name in RESERVED_IDS or name.startswith(RESERVED_ID_PREFIXES)


def reserved_class(value: str) -> bool:
    """True when content must not use the class `value` (see module doc)."""
    return value.strip().lower().startswith(RESERVED_CLASS_PREFIXES)


# What an author writes to set an id or a class: attr_list (`{: #name .class }`) or raw HTML
# (`id="name"`, `class='a b'`, `id=name`). Bounded repetition keeps the scan linear.
_ATTR_LIST = re.compile(r"\{:?[ \t]*([^{}\n]{0,400})\}")
_HTML_ATTR = re.compile(
    r"""\b(id|class)[ \t]*=[ \t]*(?:"([^"\n]{0,400})"|'([^'\n]{0,400})'|([^\s>'"]{1,400}))""",
    re.IGNORECASE)


def reserved_names_in(line: str) -> list[str]:
    """Every reserved id (`#name`) and class (`.name`) a line of Markdown tries to set."""
    found: list[str] = []
    for match in _ATTR_LIST.finditer(line):
        for token in match.group(1).split():
            if (token.startswith("#") and reserved_id(token[1:])) or (
                    token.startswith(".") and reserved_class(token[1:])):
                found.append(token)
            elif token.lower().startswith(("id=", "class=")):
                kind, _, value = token.partition("=")
                value = value.strip("\"'")
                if kind.lower() == "id" and reserved_id(value):
                    found.append("#" + value)
                elif kind.lower() == "class" and reserved_class(value):
                    found.append("." + value)
    for match in _HTML_ATTR.finditer(line):
        kind = match.group(1).lower()
        value = match.group(2) or match.group(3) or match.group(4) or ""
        if kind == "id" and reserved_id(value):
            found.append("#" + value.strip())
        elif kind == "class":
            found.extend("." + c for c in value.split() if reserved_class(c))
    return list(dict.fromkeys(found))
