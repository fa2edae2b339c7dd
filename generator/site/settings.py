"""The project's settings read from mkdocs.yml with MkDocs' own loader (so !ENV works).

The only place outside the plugin that reads mkdocs.yml; everything below `site/` is handed
the resulting `Project`."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from generator.reading.settings import Project, ProjectError, resolve_zone


def load_project(config_file: str | Path = "mkdocs.yml") -> Project:
    """Read mkdocs.yml (with MkDocs' own loader, so !ENV and friends work)."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError

    path = Path(config_file).resolve()
    if not path.is_file():
        raise ProjectError(f"{config_file}: not found; run crisishub in the folder that has "
                           "mkdocs.yml, or give --config path/to/mkdocs.yml")
    try:
        config = load_config(str(path))
    except ConfigurationError as exc:
        raise ProjectError(f"{config_file}: {exc}") from exc
    plugin = config.plugins.get("crisishub")
    if plugin is None:
        raise ProjectError(f"{config_file}: the crisishub plugin is not enabled; add "
                           "'- crisishub' under 'plugins:'")
    options = plugin.config
    return Project(
        config_file=path,
        content_dir=(path.parent / options.content_dir).resolve(),
        time_zone=resolve_zone(options.time_zone),
        site_dir=Path(config.site_dir).resolve(),
        site_url=config.site_url or "",
        language=str(config.theme.get("language") or "en"),
        fixed_now=options.now,
        playbook=options.playbook,
        first_statement_target=timedelta(minutes=options.first_statement_target),
        internal_site_dir=(path.parent / options.internal_site_dir).resolve(),
        site_name=str(config.site_name or ""),
    )
