"""SVG charts of the crisis report: plain SVG with text labels and titles, no JavaScript.

Pure: each function returns the SVG text. Labels are given by the caller (translated);
every value is also written as text, so a chart reads without colour.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from xml.sax.saxutils import escape, quoteattr

from generator.practice.report import CrisisReport, minutes

WIDTH = 720
ROW = 26
LEFT = 230
COLOURS = {"none": "#57606a", "minor": "#9a6700", "major": "#bc4c00", "critical": "#cf222e"}


def _svg(height: int, title: str, body: list[str]) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
            f'viewBox="0 0 {WIDTH} {height}" role="img" aria-label={quoteattr(title)} '
            'font-family="sans-serif" font-size="12">\n'
            f"<title>{escape(title)}</title>\n" + "\n".join(body) + "\n</svg>\n")


def _clip(text: str, length: int = 34) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def bar_chart(title: str, rows: list[tuple[str, float | None, str, str]],
              target: float | None = None, target_label: str = "") -> str:
    """Horizontal bars: (label, value or None, value text, colour) per row."""
    top = 30
    height = top + ROW * len(rows) + 30
    scale_max = max([v for _, v, _, _ in rows if v is not None] + [target or 0, 1])
    span = WIDTH - LEFT - 80
    body = [f'<text x="8" y="18" font-weight="bold">{escape(title)}</text>']
    for index, (label, value, value_text, colour) in enumerate(rows):
        y = top + index * ROW
        body.append(f'<text x="8" y="{y + 16}">{escape(_clip(label))}</text>')
        width = 0.0 if value is None else max(2.0, span * value / scale_max)
        if value is not None:
            body.append(f'<rect x="{LEFT}" y="{y + 4}" width="{width:.1f}" height="{ROW - 10}" '
                        f'fill="{colour}"><title>{escape(label)}: {escape(value_text)}</title>'
                        "</rect>")
        body.append(f'<text x="{LEFT + width + 6:.1f}" y="{y + 16}">{escape(value_text)}</text>')
    if target is not None:
        x = LEFT + span * target / scale_max
        bottom = top + ROW * len(rows)
        body.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{bottom}" stroke="#0969da" '
                    'stroke-dasharray="4 3" stroke-width="2"/>')
        body.append(f'<text x="{x:.1f}" y="{bottom + 16}" fill="#0969da" text-anchor="middle">'
                    f"{escape(target_label)}</text>")
    return _svg(height, title, body)


def timeline_chart(report: CrisisReport, title: str, labels: dict[str, str],
                   date_label: Callable[[datetime], str]) -> str:
    """Each incident on a time axis, from its start to its resolution (or now)."""
    figures = report.incidents
    top = 30
    height = top + ROW * len(figures) + 34
    if not figures:
        return _svg(height, title, [f'<text x="8" y="18" font-weight="bold">{escape(title)}</text>'])
    first = min(f.incident.started for f in figures)
    last = max([f.incident.resolved_at or report.now for f in figures] + [report.now])
    total = max((last - first).total_seconds(), 1.0)
    span = WIDTH - LEFT - 20

    def x_of(moment: datetime) -> float:
        return LEFT + span * (moment - first).total_seconds() / total

    body = [f'<text x="8" y="18" font-weight="bold">{escape(title)}</text>']
    for index, figure in enumerate(figures):
        incident = figure.incident
        y = top + index * ROW
        end = incident.resolved_at or report.now
        x = x_of(incident.started)
        width = max(4.0, x_of(end) - x)
        label = f"{date_label(incident.started)} {incident.title}"
        state = labels["ongoing"] if incident.resolved_at is None else _duration(end - incident.started)
        body.append(f'<text x="8" y="{y + 16}">{escape(_clip(label))}</text>')
        body.append(f'<rect x="{x:.1f}" y="{y + 4}" width="{width:.1f}" height="{ROW - 10}" '
                    f'fill="{COLOURS[incident.impact.value]}"><title>{escape(incident.title)}: '
                    f"{escape(labels['impact.' + incident.impact.value])}, {escape(state)}</title></rect>")
    bottom = top + ROW * len(figures)
    body.append(f'<line x1="{LEFT}" y1="{bottom}" x2="{LEFT + span}" y2="{bottom}" stroke="#57606a"/>')
    for moment, anchor in ((first, "start"), (last, "end")):
        body.append(f'<text x="{x_of(moment):.1f}" y="{bottom + 16}" text-anchor="{anchor}">'
                    f"{escape(date_label(moment))}</text>")
    return _svg(height, title, body)


def _duration(length: timedelta) -> str:
    value = minutes(length) or 0
    return f"{value:g} min"


def first_statement_chart(report: CrisisReport, title: str, target_label: str) -> str:
    rows = [(f.incident.title, minutes(f.first_statement),
             "—" if f.first_statement is None else _duration(f.first_statement),
             COLOURS[f.incident.impact.value]) for f in report.incidents]
    return bar_chart(title, rows, minutes(report.first_statement_target), target_label)


def cadence_chart(report: CrisisReport, title: str) -> str:
    rows = []
    for f in report.incidents:
        share = f.kept_percent
        text = "—" if share is None else f"{share:.0f} % ({f.kept}/{f.kept + f.broken})"
        rows.append((f.incident.title, share, text, "#1a7f37"))
    return bar_chart(title, rows)


def series_chart(title: str, lines: list[tuple[str, str, list[tuple[datetime, int]]]],
                 marks: list[tuple[datetime, str]], date_label: Callable[[datetime], str]) -> str:
    """Counts over time, one line per (label, colour, points), with a dashed vertical line at
    each mark (the updates); every last value is also written as text."""
    top, height, left, right = 30, 250, 60, WIDTH - 150
    body = [f'<text x="8" y="18" font-weight="bold">{escape(title)}</text>']
    moments = [t for _, _, points in lines for t, _ in points] + [t for t, _ in marks]
    if not moments:
        return _svg(height, title, body)
    first, last = min(moments), max(moments)
    total = max((last - first).total_seconds(), 1.0)
    peak = max([v for _, _, points in lines for _, v in points] + [1])
    bottom = height - 40

    def x_of(moment: datetime) -> float:
        return left + (right - left) * (moment - first).total_seconds() / total

    def y_of(value: int) -> float:
        return bottom - (bottom - top - 10) * value / peak

    body.append(f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="#57606a"/>')
    body.append(f'<text x="{left - 6}" y="{y_of(peak) + 4:.1f}" text-anchor="end">{peak}</text>')
    body.append(f'<text x="{left - 6}" y="{bottom + 4}" text-anchor="end">0</text>')
    for moment, label in marks:
        x = x_of(moment)
        body.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{bottom}" stroke="#0969da" '
                    f'stroke-dasharray="4 3"><title>{escape(label)}</title></line>')
        body.append(f'<text x="{x:.1f}" y="{top - 2}" fill="#0969da" text-anchor="middle" '
                    f'font-size="10">{escape(_clip(label, 14))}</text>')
    for row, (label, colour, points) in enumerate(lines):
        if not points:
            continue
        path = " ".join(f"{x_of(t):.1f},{y_of(v):.1f}" for t, v in points)
        body.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2">'
                    f"<title>{escape(label)}</title></polyline>")
        for t, v in points:
            body.append(f'<circle cx="{x_of(t):.1f}" cy="{y_of(v):.1f}" r="3" fill="{colour}">'
                        f"<title>{escape(label)}: {v}, {escape(date_label(t))}</title></circle>")
        body.append(f'<text x="{right + 8}" y="{top + 16 + row * 18}" fill="{colour}">'
                    f"{escape(label)}: {points[-1][1]}</text>")
    for moment, anchor in ((first, "start"), (last, "end")):
        body.append(f'<text x="{x_of(moment):.1f}" y="{bottom + 16}" text-anchor="{anchor}">'
                    f"{escape(date_label(moment))}</text>")
    return _svg(height, title, body)


def diverging_chart(title: str, rows: list[tuple[str, float | None, str]]) -> str:
    """Values from -1 to +1 as bars left (red) or right (green) of a middle line; None is
    written as its text only (e.g. "not measured")."""
    top = 30
    height = top + ROW * len(rows) + 20
    middle = LEFT + (WIDTH - LEFT - 90) / 2
    half = (WIDTH - LEFT - 90) / 2
    body = [f'<text x="8" y="18" font-weight="bold">{escape(title)}</text>',
            f'<line x1="{middle:.1f}" y1="{top}" x2="{middle:.1f}" y2="{top + ROW * len(rows)}" '
            'stroke="#57606a"/>']
    for index, (label, value, text) in enumerate(rows):
        y = top + index * ROW
        body.append(f'<text x="8" y="{y + 16}">{escape(_clip(label))}</text>')
        if value is not None:
            width = max(2.0, half * min(abs(value), 1.0))
            x = middle if value >= 0 else middle - width
            colour = "#1a7f37" if value >= 0 else "#cf222e"
            body.append(f'<rect x="{x:.1f}" y="{y + 4}" width="{width:.1f}" height="{ROW - 10}" '
                        f'fill="{colour}"><title>{escape(label)}: {escape(text)}</title></rect>')
        body.append(f'<text x="{WIDTH - 84}" y="{y + 16}">{escape(text)}</text>')
    return _svg(height, title, body)
