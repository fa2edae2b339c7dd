"""Content-derived work stays linear in input size, hostile input included (prints; asserts nothing).

For each kind of body (ordinary text, stray brackets within the limits, long unbroken words,
nested lists at the limit) and sizes doubling, it times the steps that read content: check
(`load_hub`: front-matter, limits, placeholders), the tone check's text scan, and Markdown +
the sanitiser as the build renders a body. Linear means the time per KB stays about flat.

    python bench/hostile_bench.py [--max-kb 1024]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import markdown

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from conftest import HubFolder  # noqa: E402

from generator.reading.loader import load_hub  # noqa: E402
from generator.wording import tone  # noqa: E402
from generator.wording.sanitize import clean_html  # noqa: E402

KINDS = {
    "ordinary": "We are investigating the payments. See [status](https://x.example/).\n\n",
    "stray brackets": "[Abcd [efgh (ijk and more words in this paragraph.\n\n",
    "raw HTML lines": "<lmn and more words in this paragraph.\n\n",
    "long words": "a" * 5_000 + "@" + "b" * 4_000 + "\n\n",
    "nested lists": "".join("    " * i + "- level\n" for i in range(16)) + "\n",
}


def body_of(kind: str, kb: int) -> str:
    unit = KINDS[kind]
    return unit * max(1, kb * 1024 // len(unit))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--max-kb", type=int, default=1024)
    args = parser.parse_args()
    md = markdown.Markdown(extensions=["admonition", "attr_list", "tables", "toc"])
    print("| body | KB | check s | tone scan s | render s | render ms per KB |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for kind in KINDS:
        kb = 64
        while kb <= args.max_kb:
            body = body_of(kind, kb)
            with tempfile.TemporaryDirectory() as folder:
                hub = HubFolder(Path(folder))
                hub.write_incident("2026-11-24-payments", started="2026-11-24 09:50")
                hub.write_update("2026-11-24-payments", "01", at="2026-11-24 10:00", body=body)
                start = time.perf_counter()
                _, problems = load_hub(hub.content, ZoneInfo("Europe/Berlin"), hub.root)
                checked = time.perf_counter() - start
            start = time.perf_counter()
            tone._NOT_PROSE.sub(" ", body)
            scanned = time.perf_counter() - start
            if problems.errors:
                rendered = "refused"
                per_kb = "-"
            else:
                start = time.perf_counter()
                clean_html(md.reset().convert(body))
                seconds = time.perf_counter() - start
                rendered, per_kb = f"{seconds:.2f}", f"{1000 * seconds / kb:.2f}"
            print(f"| {kind} | {kb} | {checked:.2f} | {scanned:.3f} | {rendered} | {per_kb} |")
            kb *= 2


if __name__ == "__main__":
    main()
