"""Email to a list address over SMTP with STARTTLS; later updates reply to the first mail
(In-Reply-To and References), so mail clients show one thread per incident."""

from __future__ import annotations

import asyncio
import hashlib
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime

from generator.crosspost.channels.base import (
    Adapter,
    Clock,
    PermanentError,
    PostResult,
    RateLimited,
    Thread,
    TransientError,
    UnknownOutcome,
    utc_now,
)
from generator.wording.shaping import Message, TextRules

DEFAULT_RULES = TextRules(limit=10000, counting="utf16")


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int = 587
    sender: str = ""
    to: str = ""
    username: str | None = None
    password: str | None = None
    timeout: float = 20.0
    tls_context: ssl.SSLContext | None = None  # tests pass one trusting their own CA
    ca_file: str | None = None  # `ca_file:` in channels.yml: a server with a private CA


def message_id(channel: str, key: str, sender: str) -> str:
    domain = sender.rsplit("@", 1)[-1] or "crisishub.invalid"
    digest = hashlib.sha256(f"{channel}:{key}".encode()).hexdigest()[:24]
    return f"<crisishub.{digest}@{domain}>"


def build_email(channel: str, message: Message, thread: Thread | None,
                settings: SmtpSettings, clock: Clock) -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = settings.sender
    mail["To"] = settings.to
    mail["Subject"] = message.title or message.text[:80]
    mail["Date"] = format_datetime(clock())
    mail["Message-ID"] = message_id(channel, message.key, settings.sender)
    if thread is not None and thread.parent.remote_id:
        mail["In-Reply-To"] = thread.parent.remote_id
        mail["References"] = " ".join(dict.fromkeys(
            str(r) for r in (thread.root.remote_id, thread.parent.remote_id) if r))
    mail.set_content(message.text)
    return mail


class Email(Adapter):
    kind = "email"
    idempotent = False
    threads = True
    default_rules = DEFAULT_RULES

    def __init__(self, name: str, settings: SmtpSettings, *, rules: TextRules | None = None,
                 clock: Clock = utc_now) -> None:
        super().__init__(name, rules=rules, clock=clock)
        self.settings = settings

    async def post(self, message: Message, thread: Thread | None) -> PostResult:
        mail = build_email(self.name, message, thread, self.settings, self.clock)
        await asyncio.to_thread(self._deliver, mail)
        return PostResult(remote_id=str(mail["Message-ID"]))

    def _deliver(self, mail: EmailMessage) -> None:
        s = self.settings
        try:
            context = s.tls_context or ssl.create_default_context(cafile=s.ca_file)
        except (OSError, ssl.SSLError) as exc:
            raise PermanentError(f"ca_file: {s.ca_file} cannot be read as a CA certificate "
                                 f"({type(exc).__name__}); write the path of a PEM file, "
                                 "relative to the project folder") from None
        sent = False
        try:
            with smtplib.SMTP(s.host, s.port, timeout=s.timeout) as smtp:
                smtp.starttls(context=context)
                if s.username and s.password:
                    smtp.login(s.username, s.password)
                sent = True  # from here on the server may have accepted the mail
                smtp.send_message(mail)
        except smtplib.SMTPResponseException as exc:
            what = f"SMTP {exc.smtp_code}"
            if exc.smtp_code in (421, 450, 451, 452):
                raise (RateLimited(what, 60.0) if exc.smtp_code == 421
                       else TransientError(what)) from None
            raise PermanentError(what) from None
        except smtplib.SMTPRecipientsRefused:
            raise PermanentError("the list address was refused") from None
        except (OSError, smtplib.SMTPException) as exc:
            what = f"SMTP connection failed ({type(exc).__name__})"
            if sent:
                raise UnknownOutcome(f"{what}; the mail may have been sent") from None
            raise TransientError(what) from None
