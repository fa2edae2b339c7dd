"""The outbox: a channel without credentials writes what it would send to a folder.

So `crisishub publish` on the example hub works with nothing set up, and a person can
read exactly what each channel would receive.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path

from generator.crosspost.channels.base import Adapter, PostResult, Thread
from generator.wording.shaping import Message, TextRules


class Outbox(Adapter):
    idempotent = True  # writing the same file twice is harmless

    def __init__(self, name: str, kind: str, rules: TextRules, folder: Path,
                 threads: bool = True) -> None:
        super().__init__(name, rules=rules)
        self.kind = kind  # as the channel it stands in for
        self.threads = threads
        self.folder = folder
        self.mask: Callable[[str], str] = str  # publish sets its secret mask

    async def post(self, message: Message, thread: Thread | None) -> PostResult:
        target = self.folder / self.name / (re.sub(r"[^A-Za-z0-9._-]+", "--", message.key) + ".json")
        target.parent.mkdir(parents=True, exist_ok=True)
        record = {
            "channel": self.name, "kind": self.kind, "key": message.key, "title": message.title,
            "text": message.text, "link": message.link, "length": message.length,
            "limit": message.limit,
            "in_reply_to": thread.parent.remote_id if thread is not None else None,
        }
        text = json.dumps(record, ensure_ascii=False, indent=2) + "\n"
        target.write_text(self.mask(text), "utf-8")
        return PostResult(remote_id=f"outbox:{message.key}", url=os.path.relpath(target))
