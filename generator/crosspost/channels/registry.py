"""From channels.yml settings and the environment to channel objects.

The only place that reads secrets: a channel whose secrets are not all set becomes an
`Outbox` that writes what it would send to a folder.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.crosspost.channels import (
    bluesky,
    chat,
    email,
    listmonk,
    mastodon,
    telegram,
    vk,
    webhook,
    x,
)
from generator.crosspost.channels.base import Adapter, Channel, Clock, utc_now
from generator.crosspost.channels.outbox import Outbox
from generator.reading.channels_file import ChannelSettings, mailing_lists
from generator.wording.shaping import Message, TextRules

if TYPE_CHECKING:
    import httpx

# The adapter class of each kind (what the outbox stands in for).
ADAPTERS: dict[str, type[Adapter]] = {
    "mastodon": mastodon.Mastodon, "bluesky": bluesky.Bluesky, "telegram": telegram.Telegram,
    "vk": vk.VK, "x": x.X, "slack": chat.Slack, "discord": chat.Discord, "teams": chat.Teams,
    "email": email.Email, "webhook": webhook.Webhook, "listmonk": listmonk.Listmonk,
}
DEFAULT_RULES: dict[str, TextRules] = {kind: a.default_rules for kind, a in ADAPTERS.items()}


def rules_for(settings: ChannelSettings) -> TextRules:
    """The rules `crisishub check` uses (Mastodon: `max_characters` when set)."""
    rules = DEFAULT_RULES[settings.kind]
    if settings.kind == "mastodon" and isinstance(settings.options.get("max_characters"), int):
        rules = replace(rules, limit=settings.options["max_characters"])
    return rules



def build_channel(settings: ChannelSettings, environ: Mapping[str, str],
                  client: httpx.AsyncClient, outbox: Path, clock: Clock = utc_now,
                  components_of: Mapping[str, Sequence[str]] | None = None,
                  statuspage: Callable[[Message], list[dict[str, Any]]] | None = None,
                  root: Path = Path()) -> tuple[Channel, list[str]]:
    """The channel, or an outbox and the names of the variables that are not set.

    `clock` is the real clock (rate-limit resets, OAuth and signature timestamps, Bluesky's
    createdAt): never the hub's frozen content clock. Files named in settings (`ca_file:`)
    are relative to the project folder `root`. `components_of` (incident id -> component ids)
    picks a Listmonk campaign's lists; `statuspage` makes the bodies of a webhook with
    `format: statuspage`."""
    missing = settings.missing_secrets(dict(environ))
    if missing:
        return Outbox(settings.name, settings.kind, rules_for(settings), outbox,
                      threads=ADAPTERS[settings.kind].threads), missing

    def secret(name: str) -> str:
        return environ[settings.secret_env(name)]

    o = settings.options
    api_base = str(o["api_base"]) if o.get("api_base") else None
    name, kind = settings.name, settings.kind
    rules = rules_for(settings)
    channel: Channel
    if kind == "mastodon":
        channel = mastodon.Mastodon(name, client, api_base or str(o["instance"]), secret("TOKEN"),
                                    visibility=str(o.get("visibility", "public")), rules=rules,
                                    clock=clock)
    elif kind == "bluesky":
        service = o.get("api_base") or o.get("service")
        channel = bluesky.Bluesky(name, client, str(o["handle"]), secret("APP_PASSWORD"),
                                  service=str(service) if service else None, clock=clock)
    elif kind == "telegram":
        channel = telegram.Telegram(name, client, secret("BOT_TOKEN"), str(o["chat_id"]),
                                    clock=clock, api_base=api_base)
    elif kind == "vk":
        channel = vk.VK(name, client, secret("TOKEN"), int(o["group_id"]), clock=clock,
                        api_base=api_base)
    elif kind == "x":
        keys = x.OAuth1Keys(secret("API_KEY"), secret("API_SECRET"), secret("ACCESS_TOKEN"),
                            secret("ACCESS_TOKEN_SECRET"))
        channel = x.X(name, client, keys, clock=clock, api_base=api_base)
    elif kind in ("slack", "discord", "teams"):
        hook = {"slack": chat.Slack, "discord": chat.Discord, "teams": chat.Teams}[kind]
        channel = hook(name, client, secret("WEBHOOK_URL"), clock=clock)
    elif kind == "email":
        settings_ = email.SmtpSettings(
            host=str(o["smtp_host"]), port=int(o.get("smtp_port", 587)), sender=str(o["from"]),
            to=str(o["to"]), username=secret("SMTP_USERNAME"), password=secret("SMTP_PASSWORD"),
            ca_file=str(root / str(o["ca_file"])) if o.get("ca_file") else None)
        channel = email.Email(name, settings_, clock=clock)
    elif kind == "listmonk":
        lists = {m.key: m.id for m in mailing_lists(settings)}
        template = o.get("template_id")
        channel = listmonk.Listmonk(
            name, client, str(o["url"]), secret("API_USER"), secret("API_TOKEN"), lists,
            components_of or {}, sender=str(o["from"]) if o.get("from") else None,
            template_id=template if isinstance(template, int) else None, clock=clock)
    else:
        channel = webhook.Webhook(name, client, str(o["url"]), secret("SECRET"), clock=clock,
                                  statuspage=statuspage if o.get("format") == "statuspage"
                                  else None)
    return channel, []
