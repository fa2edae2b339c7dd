"""A channel per language: `language: ru` in channels.yml posts the Russian words with a link to
the Russian page, holds an update until its translation exists (and says which file), posts
it once when it comes, and the crisis freeze holds on every channel."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from crosspost_fakes import Platforms
from crosspost_hub import NOW, all_channels, environment, make_hub, no_sleep, write, write_update

from generator.core.problems import Problems
from generator.crosspost.publishing import crosspost_problems, run_publish
from generator.reading.channels_file import load_channels_config
from generator.reading.loader import load_hub
from generator.site.settings import load_project

INCIDENT = "2026-11-24-payments-down"
FOLDER = f"content/incidents/{INCIDENT}"
RUSSIAN_UPDATE_1 = "Часть оплат картой не проходит. Мы разбираемся и сообщим новости через 30 минут."
RUSSIAN_UPDATE_2 = "Причина найдена: истёк сертификат у процессинга. Исправление выкатывается."


def bilingual_hub(root: Path, channels: dict[str, Any]) -> Path:
    """The cross-posting hub of crosspost_hub.make_hub in English and Russian: the incident
    and its first update translated, the second not yet."""
    make_hub(root, channels=channels)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text() + "      languages: [en, ru]\n"
                      "      now: 2026-11-24 16:00\n", "utf-8")  # NOW, for check
    write(root / FOLDER / "incident.ru.md", "---\ntitle: Не проходят оплаты картой\n---\n")
    write(root / FOLDER / "update-1.ru.md", f"---\n---\n{RUSSIAN_UPDATE_1}\n")
    return root


def russian_and_english(platforms: Platforms) -> dict[str, Any]:
    local = all_channels(platforms.base)
    return {"mastodon": local["mastodon"], "telegram": {**local["telegram"], "language": "ru"}}


def publish(root: Path, platforms: Platforms | None = None, **kwargs: Any) -> tuple[int, str]:
    out = io.StringIO()
    env = environment(platforms.base) if platforms else {}
    code = run_publish(load_project(root / "mkdocs.yml"), out, environ=env, sleep=no_sleep,
                       timeout=2.0, now=NOW, **kwargs)
    return code, out.getvalue()


def check(root: Path) -> list[str]:
    project = load_project(root / "mkdocs.yml")
    hub, _ = load_hub(project.content_dir, project.time_zone, root,
                      languages=project.all_languages)
    return [str(p) for p in crosspost_problems(project, hub)]


def test_a_russian_channel_posts_the_translation_and_links_the_russian_page(
        tmp_path: Path, platforms: Platforms) -> None:
    root = bilingual_hub(tmp_path, russian_and_english(platforms))
    code, out = publish(root, platforms)
    assert code == 0, out
    [russian] = [p["text"] for p in platforms.posts["telegram"]]
    assert russian.startswith("Выясняем причину: Не проходят оплаты картой — "
                              + RUSSIAN_UPDATE_1)
    assert f"https://status.example.com/ru/incidents/{INCIDENT}/#update-update-1" in russian
    assert "Card payments" not in russian and "Investigating" not in russian
    english = [p["text"] for p in platforms.posts["mastodon"]]
    assert len(english) == 2 and english[0].startswith("Investigating: Card payments failing — ")
    assert f"https://status.example.com/incidents/{INCIDENT}/#update-update-1" in english[0]


def test_an_untranslated_update_waits_on_that_channel_and_goes_out_once_when_translated(
        tmp_path: Path, platforms: Platforms) -> None:
    root = bilingual_hub(tmp_path, russian_and_english(platforms))
    code, out = publish(root, platforms)
    assert code == 0, out
    held = next(line for line in out.splitlines() if line.startswith("telegram")
                and f"{INCIDENT}/update-2" in line)
    assert held.split()[2] == "held"
    assert held.endswith(f"telegram posts in ru and waits for the translation: write "
                         f"{FOLDER}/update-2.ru.md; it is posted once, with the first publish "
                         "after that")
    assert platforms.count("telegram") == 1 and platforms.count("mastodon") == 2
    publish(root, platforms)  # still untranslated: still held, nothing posted twice
    assert platforms.count("telegram") == 1 and platforms.count("mastodon") == 2
    write(root / FOLDER / "update-2.ru.md", f"---\n---\n{RUSSIAN_UPDATE_2}\n")
    code, out = publish(root, platforms)
    assert code == 0, out
    assert platforms.count("telegram") == 2 and platforms.count("mastodon") == 2
    assert RUSSIAN_UPDATE_2.split(":")[0] in platforms.posts["telegram"][-1]["text"]
    publish(root, platforms)
    assert platforms.count("telegram") == 2  # the ledger key is the update's: posted once


def test_the_dry_run_and_check_name_the_translation_a_channel_needs(
        tmp_path: Path, platforms: Platforms) -> None:
    root = bilingual_hub(tmp_path, russian_and_english(platforms))
    code, out = publish(root, platforms, dry_run=True)
    assert code == 0 and platforms.count("telegram") == 0
    block = out.split(f"== {INCIDENT}/update-2: ")[1]
    rows = [" ".join(line.split()) for line in block.splitlines()]
    assert "telegram held telegram posts in ru and waits for the " \
           f"translation: write {FOLDER}/update-2.ru.md; it is posted once, with the first " \
           "publish after that" in rows
    assert check(root) == [
        f"{FOLDER}/update-2.md: warning: translation: telegram posts in ru and waits for the "
        f"translation: write {FOLDER}/update-2.ru.md; it is posted once, with the first "
        "publish after that"]


def test_a_missing_incident_title_translation_holds_the_post_too(
        tmp_path: Path, platforms: Platforms) -> None:
    root = bilingual_hub(tmp_path, russian_and_english(platforms))
    (root / FOLDER / "incident.ru.md").unlink()
    assert check(root)[0] == (
        f"{FOLDER}/update-1.md: warning: translation: telegram posts in ru and waits for the "
        f"translation: write {FOLDER}/incident.ru.md; it is posted once, with the first "
        "publish after that")
    publish(root, platforms)
    assert platforms.count("telegram") == 0  # never the English title on a Russian channel


def test_a_translations_own_social_text_is_checked_against_its_channel(tmp_path: Path) -> None:
    root = bilingual_hub(tmp_path, {"x": {"language": "ru"}})
    write(root / FOLDER / "update-1.ru.md",
          "---\nsocial: " + "Оплаты " * 60 + "\n---\n" + RUSSIAN_UPDATE_1 + "\n")
    problems = check(root)
    assert problems[0].startswith(f"{FOLDER}/update-1.ru.md:2: social: too long for x: with "
                                  "the link it is ")


def test_a_channel_language_must_be_one_of_the_hubs(tmp_path: Path) -> None:
    path = write(tmp_path / "channels.yml", """
        channels:
          telegram:
            chat_id: "@x"
            language: rus
          vk:
            group_id: 1
            language: de
    """)
    problems = Problems()
    config = load_channels_config(path, "content/channels.yml", problems, ("en", "ru"))
    assert [str(p) for p in problems] == [
        "content/channels.yml:4: channels.telegram.language: 'rus' is not one of this hub's "
        "languages (en, ru); write one of them, or add it to 'languages:' under "
        "plugins.crisishub in mkdocs.yml; did you mean 'ru'?",
        "content/channels.yml:7: channels.vk.language: 'de' is not one of this hub's "
        "languages (en, ru); write one of them, or add it to 'languages:' under "
        "plugins.crisishub in mkdocs.yml",
    ]
    assert [c.speaks("en") for c in config.channels] == ["en", "en"]


SCHEDULED = """
    ---
    publish_at: 2026-11-24 15:00 +00:00
    {channels}
    ---
    Our winter offer starts today: 20% off all plans!
"""


def test_the_freeze_holds_on_every_channel_and_a_scheduled_post_keeps_its_language(
        tmp_path: Path, platforms: Platforms) -> None:
    root = bilingual_hub(tmp_path, russian_and_english(platforms))
    write(root / "content/scheduled/offer-everywhere.md", SCHEDULED.format(channels=""))
    write(root / "content/scheduled/offer-named.md",
          SCHEDULED.format(channels="channels: [mastodon, telegram]"))
    code, out = publish(root, platforms)
    rows = [line.split()[:3] for line in out.splitlines() if "scheduled/" in line]
    assert rows == [["mastodon", "scheduled/offer-everywhere", "held"],
                    ["mastodon,telegram", "scheduled/offer-named", "held"]]
    write_update(root, INCIDENT, "update-3", at="2026-11-24 15:30 +00:00", status="resolved",
                 body="Payments work again.")
    (root / "content/scheduled/offer-named.md").unlink()
    write(root / "content/scheduled/offer-everywhere.md",
          SCHEDULED.format(channels="released: true"))
    publish(root, platforms)
    # No `channels:`: the English post goes to the English channels only.
    assert any("winter offer" in p["text"] for p in platforms.posts["mastodon"])
    assert all("winter offer" not in p["text"] for p in platforms.posts["telegram"])


def test_a_placeholder_in_a_translation_stops_publishing(tmp_path: Path,
                                                         platforms: Platforms) -> None:
    root = bilingual_hub(tmp_path, russian_and_english(platforms))
    write(root / FOLDER / "update-2.ru.md", "---\n---\nПричина: [Опишите причину.]\n")
    code, out = publish(root, platforms)
    assert code == 1 and platforms.count("telegram") == platforms.count("mastodon") == 0
    assert f"{FOLDER}/update-2.ru.md:3: placeholder [Опишите причину.] is still in the text; " \
           "replace it with what you want readers to know in this language" in out
