"""content/channels.yml: which channels are on and their settings that are not secret.

Secrets never live here: each comes from an environment variable named after the channel
(`secret_env()`), so the file can be committed and the site built without any of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.core.fields import Fields, close_match
from generator.core.problems import Problems
from generator.core.vocabulary import Impact
from generator.reading.settings_files import settings_fields


@dataclass(frozen=True)
class Kind:
    """What one kind of channel needs."""

    secrets: tuple[str, ...]
    required: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()
    help: str = ""


COMMON_OPTIONS = ("kind", "enabled", "api_base", "language")
KINDS: dict[str, Kind] = {
    "mastodon": Kind(("TOKEN",), ("instance",), ("visibility", "max_characters"),
                     "instance: https://mastodon.social"),
    "bluesky": Kind(("APP_PASSWORD",), ("handle",), ("service", "appview"),
                    "handle: status.example.com"),
    "telegram": Kind(("BOT_TOKEN",), ("chat_id",), (), "chat_id: '@yourchannel'"),
    "vk": Kind(("TOKEN",), ("group_id",), (), "group_id: 123456"),
    "x": Kind(("API_KEY", "API_SECRET", "ACCESS_TOKEN", "ACCESS_TOKEN_SECRET")),
    "slack": Kind(("WEBHOOK_URL",)),
    "discord": Kind(("WEBHOOK_URL",)),
    "teams": Kind(("WEBHOOK_URL",)),
    "email": Kind(("SMTP_USERNAME", "SMTP_PASSWORD"), ("to", "from", "smtp_host"),
                  ("smtp_port", "ca_file"), "to: status@lists.example.com"),
    "webhook": Kind(("SECRET",), ("url",), ("format",),
                    "url: https://hooks.example.com/crisishub"),
    "listmonk": Kind(("API_USER", "API_TOKEN"), ("url", "lists"), ("from", "template_id"),
                     "url: https://lists.example.com"),
}
WEBHOOK_FORMATS = ("crisishub", "statuspage")
TOP_FIELDS = ["site_url", "ledger", "outbox", "post_window_hours", "freeze", "channels"]


@dataclass(frozen=True)
class ChannelSettings:
    name: str
    kind: str
    options: dict[str, Any] = field(default_factory=dict)
    # The language of its posts (`language:`); None: the hub's default language.
    language: str | None = None

    def speaks(self, default: str) -> str:
        """The language this channel posts in, given the hub's default one."""
        return self.language or default

    def secret_env(self, secret: str) -> str:
        return secret_env(self.name, secret)

    def missing_secrets(self, environ: dict[str, str]) -> list[str]:
        return [self.secret_env(s) for s in KINDS[self.kind].secrets
                if not environ.get(self.secret_env(s))]


@dataclass(frozen=True)
class ChannelsConfig:
    """The cross-posting settings of a hub; an empty one posts nowhere."""

    path: str = "content/channels.yml"
    channels: tuple[ChannelSettings, ...] = ()  # the ones that are on
    disabled: tuple[ChannelSettings, ...] = ()  # `enabled: false`: skipped, still known
    site_url: str | None = None
    ledger: str = ".crisishub/ledger.jsonl"  # below the content folder
    outbox: str = "outbox"  # below the project folder
    post_window_hours: int = 72
    freeze_impact: Impact | None = Impact.MAJOR

    def channel(self, name: str) -> ChannelSettings:
        return next(c for c in self.channels if c.name == name)

    @property
    def names(self) -> list[str]:
        """Every configured channel, on or off (a scheduled post may name an off one)."""
        return [c.name for c in (*self.channels, *self.disabled)]


def secret_env(channel: str, secret: str) -> str:
    """The environment variable holding one secret, e.g. CRISISHUB_MASTODON_TOKEN."""
    return f"CRISISHUB_{channel.upper().replace('-', '_')}_{secret}"


def ledger_location(content_dir: Path, config: ChannelsConfig | None = None) -> Path:
    """Where the cross-posting ledger lives: `ledger:` of channels.yml, below the content folder
    (`config`: channels.yml when already read).

    The one place publish, report, check, listen and the site take the path from."""
    if config is None:
        config = load_channels_config(content_dir / "channels.yml", "channels.yml", Problems())
    return content_dir / config.ledger


def reactions_location(content_dir: Path, config: ChannelsConfig | None = None) -> Path:
    """Where `crisishub listen` keeps its snapshots: `reactions.jsonl` beside the ledger."""
    return ledger_location(content_dir, config).parent / "reactions.jsonl"


def load_channels_config(path: Path, shown: str, problems: Problems,
                         languages: tuple[str, ...] | None = None) -> ChannelsConfig:
    """Read and check channels.yml; a missing file means no channels. With the hub's
    `languages` (the default first), a channel's `language:` must be one of them."""
    fields = settings_fields(path, shown, problems, allowed=TOP_FIELDS, kind="channels.yml",
                             layout="with the channels under 'channels:'")
    if fields is None:
        return ChannelsConfig(path=shown)
    channels = _channels(fields, languages)
    enabled = [c for c in channels if c.options.get("enabled", True) is not False]
    site_url = fields.text("site_url") or None
    if site_url and not site_url.startswith(("https://", "http://")):
        fields.error(("site_url",), f"'{site_url}' is not a web address; write it like "
                     "https://status.example.com/")
        site_url = None
    hours = fields.integer("post_window_hours", 72)
    if hours <= 0:
        fields.error(("post_window_hours",), f"{hours} must be more than 0")
        hours = 72
    return ChannelsConfig(
        path=shown, channels=tuple(enabled),
        disabled=tuple(c for c in channels if c not in enabled),
        site_url=(site_url.rstrip("/") + "/") if site_url else None,
        ledger=fields.text("ledger", ".crisishub/ledger.jsonl"),
        outbox=fields.text("outbox", "outbox"), post_window_hours=hours,
        freeze_impact=_freeze(fields),
    )


def _freeze(fields: Fields) -> Impact | None:
    raw = fields.get("freeze")
    if raw is None:
        return Impact.MAJOR
    if raw is False or raw == "off":
        return None
    if not isinstance(raw, dict) or set(raw) - {"impact"}:
        fields.error(("freeze",), "write 'freeze:' then '  impact: major' (or 'freeze: off')")
        return Impact.MAJOR
    return fields.choice(("freeze", "impact"), raw.get("impact"), Impact) or Impact.MAJOR


def _channels(fields: Fields, languages: tuple[str, ...] | None) -> list[ChannelSettings]:
    raw = fields.get("channels")
    if raw is None:
        return []
    if not isinstance(raw, dict):
        fields.error(("channels",), "write one channel per line, like '  mastodon:' followed "
                     "by its settings indented below it")
        return []
    found = []
    for name, options in raw.items():
        name = str(name)
        options = options if options is not None else {}
        if not isinstance(options, dict):
            fields.error(("channels", name), "the settings of a channel are 'name: value' "
                         "lines indented below it (write '{}' for none)")
            continue
        kind = str(options.get("kind", name))
        if kind not in KINDS:
            key = ("channels", name, "kind") if "kind" in options else ("channels", name)
            hint = close_match(kind, list(KINDS)) or f"; known kinds: {', '.join(KINDS)}"
            fields.error(key, f"'{kind}' is not a kind of channel{hint}")
            continue
        spec = KINDS[kind]
        allowed = [*COMMON_OPTIONS, *spec.required, *spec.optional]
        for option in options:
            if _looks_secret(str(option)):
                names = ", ".join(secret_env(name, s) for s in spec.secrets)
                fields.error(("channels", name, option), "secrets never go in this file (it is "
                             f"committed); remove the line and set {names} in the environment")
            elif option not in allowed:
                hint = close_match(str(option), allowed) or f"; {kind} allows: {', '.join(allowed)}"
                fields.error(("channels", name, option), f"unknown setting{hint}")
        for option in spec.required:
            if options.get(option) in (None, ""):
                fields.error(("channels", name), f"'{option}:' is missing; {kind} needs it, "
                             f"like {spec.help}")
        if kind == "listmonk" and options.get("lists") is not None:
            _check_lists(fields, name, options["lists"])
        if kind == "webhook" and options.get("format", "crisishub") not in WEBHOOK_FORMATS:
            fields.error(("channels", name, "format"), f"'{options['format']}' is not one of "
                         f"{', '.join(WEBHOOK_FORMATS)}")
        if options.get("enabled", True) not in (True, False):
            fields.error(("channels", name, "enabled"), "write 'enabled: true' or "
                         "'enabled: false'")
        language = _language(fields, name, options.get("language"), languages)
        found.append(ChannelSettings(name=name, kind=kind, options=dict(options),
                                     language=language))
    return found


def _language(fields: Fields, name: str, raw: Any, languages: tuple[str, ...] | None,
              ) -> str | None:
    """A channel's `language:`, checked against the hub's languages when they are known."""
    if raw is None:
        return None
    value = str(raw).strip()
    if languages is not None and value not in languages:
        hint = close_match(value, list(languages))
        fields.error(("channels", name, "language"),
                     f"'{value}' is not one of this hub's languages ({', '.join(languages)});"
                     " write one of them, or add it to 'languages:' under plugins.crisishub "
                     f"in mkdocs.yml{hint}")
        return None
    return value


@dataclass(frozen=True)
class MailingList:
    """One Listmonk list: its id (campaigns name it) and uuid (the public form names it)."""

    key: str  # 'all' or a component id
    id: int
    uuid: str


def mailing_lists(settings: ChannelSettings) -> list[MailingList]:
    """The lists of a listmonk channel, as checked by `load_channels_config`."""
    raw = settings.options.get("lists")
    found = []
    for key, value in (raw.items() if isinstance(raw, dict) else []):
        if isinstance(value, dict) and isinstance(value.get("id"), int) and value.get("uuid"):
            found.append(MailingList(str(key), value["id"], str(value["uuid"])))
    return found


def _check_lists(fields: Fields, name: str, raw: Any) -> None:
    example = "'  all: {id: 1, uuid: 9d6a0c2e-...}' (Listmonk shows both on the list's page)"
    if not isinstance(raw, dict) or not raw:
        fields.error(("channels", name, "lists"), f"write one list per line, like {example}")
        return
    for key, value in raw.items():
        if not isinstance(value, dict) or not isinstance(value.get("id"), int) \
                or not value.get("uuid") or set(value) - {"id", "uuid"}:
            fields.error(("channels", name, "lists", key), f"write the list's id and uuid, "
                         f"like {example}")


def _looks_secret(option: str) -> bool:
    return any(word in option.lower() for word in ("token", "password", "secret", "webhook_url"))
