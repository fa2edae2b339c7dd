"""SVG charts of the crisis report: plain SVG with text labels and titles, no JavaScript.

Pure: each function returns the SVG text. Labels are given by the caller (translated);
every value is also written as text, so a chart reads without colour.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from xml.sax.saxutils import escape, quoteattr

from generator.practice.report import CrisisReport, kept_level, minutes

WIDTH = 720  # the listening charts (series, diverging)
ROW = 26
LEFT = 230
# The report charts are drawn narrow, a label line above each bar, so that a 360 px phone
# shows them at nearly their own size: their text stays 12-13 px instead of ~5 px.
NARROW = 400
LINE = 38  # one row of a narrow chart: its label line, then its bar
FONT = 13
COLOURS = {"none": "#57606a", "minor": "#9a6700", "major": "#bc4c00", "critical": "#cf222e"}
# Kept-promise shares by `report.kept_level()` (thresholds in docs/crisis-practice.md).
KEPT_COLOURS = {"good": "#1a7f37", "fair": "#9a6700", "poor": "#cf222e", "none": "#57606a"}


def _svg(height: int, title: str, body: list[str], width: int = WIDTH,
         font_size: int = 12) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" role="img" aria-label={quoteattr(title)} '
            f'font-family="sans-serif" font-size="{font_size}">\n'
            f"<title>{escape(title)}</title>\n" + "\n".join(body) + "\n</svg>\n")


def _clip(text: str, length: int = 34) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def _heading(title: str) -> str:
    return f'<text x="8" y="18" font-weight="bold">{escape(title)}</text>'


def bar_chart(title: str, rows: list[tuple[str, float | None, str, str]],
              target: float | None = None, target_label: str = "") -> str:
    """Horizontal bars, each under its label: (label, value or None, value text, colour)."""
    top = 30
    height = top + LINE * len(rows) + (30 if target is not None else 8)
    scale_max = max([v for _, v, _, _ in rows if v is not None] + [target or 0, 1])
    span = NARROW - 16 - 110  # room for the value text after the longest bar
    body = [_heading(title)]
    for index, (label, value, value_text, colour) in enumerate(rows):
        y = top + index * LINE
        body.append(f'<text x="8" y="{y + 13}">{escape(_clip(label, 48))}</text>')
        width = 0.0 if value is None else max(4.0, span * value / scale_max)
        if value is not None:
            body.append(f'<rect x="8" y="{y + 18}" width="{width:.1f}" height="14" rx="2" '
                        f'fill="{colour}"><title>{escape(label)}: {escape(value_text)}</title>'
                        "</rect>")
        body.append(f'<text x="{8 + width + 6:.1f}" y="{y + 30}">{escape(value_text)}</text>')
    if target is not None:
        x = 8 + span * target / scale_max
        bottom = top + LINE * len(rows)
        body.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{bottom}" stroke="#0969da" '
                    'stroke-dasharray="4 3" stroke-width="2"/>')
        anchor = "end" if x > NARROW / 2 else "start"
        body.append(f'<text x="{x:.1f}" y="{bottom + 16}" fill="#0969da" '
                    f'text-anchor="{anchor}">{escape(target_label)}</text>')
    return _svg(height, title, body, NARROW, FONT)


MIN_MARK = 10.0  # the narrowest incident bar: a short incident on a long axis stays visible


def timeline_chart(report: CrisisReport, title: str, labels: dict[str, str],
                   date_label: Callable[[datetime], str]) -> str:
    """Each incident on a time axis under its label, from its start to its resolution (or
    now): a bar at least MIN_MARK wide with a dot at its start, its length written beside it."""
    figures = report.incidents
    top = 30
    height = top + LINE * len(figures) + 28
    if not figures:
        return _svg(height, title, [_heading(title)], NARROW, FONT)
    first = min(f.incident.started for f in figures)
    last = max([f.incident.resolved_at or report.now for f in figures] + [report.now])
    total = max((last - first).total_seconds(), 1.0)
    span = NARROW - 16 - 90  # room for the length text after a bar at the axis' end

    def x_of(moment: datetime) -> float:
        return 8 + span * (moment - first).total_seconds() / total

    body = [_heading(title)]
    for index, figure in enumerate(figures):
        incident = figure.incident
        y = top + index * LINE
        end = incident.resolved_at or report.now
        x = x_of(incident.started)
        width = max(MIN_MARK, x_of(end) - x)
        colour = COLOURS[incident.impact.value]
        label = f"{date_label(incident.started)} {incident.title}"
        state = labels["ongoing"] if incident.resolved_at is None else _duration(end - incident.started)
        tip = (f"<title>{escape(incident.title)}: {escape(labels['impact.' + incident.impact.value])}"
               f", {escape(state)}</title>")
        body.append(f'<text x="8" y="{y + 13}">{escape(_clip(label, 48))}</text>')
        body.append(f'<rect x="{x:.1f}" y="{y + 18}" width="{width:.1f}" height="14" rx="3" '
                    f'fill="{colour}">{tip}</rect>')
        body.append(f'<circle cx="{x:.1f}" cy="{y + 25}" r="6" fill="{colour}" stroke="#ffffff" '
                    f'stroke-width="1.5">{tip}</circle>')
        text_x = x + width + 8
        anchor = "start"
        if text_x > NARROW - 60:  # no room after the bar: write the length before its start
            text_x, anchor = x - 10, "end"
        body.append(f'<text x="{text_x:.1f}" y="{y + 30}" text-anchor="{anchor}">'
                    f"{escape(state)}</text>")
    bottom = top + LINE * len(figures)
    body.append(f'<line x1="8" y1="{bottom}" x2="{8 + span}" y2="{bottom}" stroke="#57606a"/>')
    for moment, anchor in ((first, "start"), (last, "end")):
        body.append(f'<text x="{x_of(moment):.1f}" y="{bottom + 16}" text-anchor="{anchor}">'
                    f"{escape(date_label(moment))}</text>")
    return _svg(height, title, body, NARROW, FONT)


def _duration(length: timedelta) -> str:
    value = minutes(length) or 0
    return f"{value:g} min"


def first_statement_chart(report: CrisisReport, title: str, target_label: str) -> str:
    rows = [(f.incident.title, minutes(f.first_statement),
             "—" if f.first_statement is None else _duration(f.first_statement),
             COLOURS[f.incident.impact.value]) for f in report.incidents]
    return bar_chart(title, rows, minutes(report.first_statement_target), target_label)


def cadence_chart(report: CrisisReport, title: str) -> str:
    """Promises kept per incident, each bar coloured by its share (`kept_level`)."""
    rows = []
    for f in report.incidents:
        share = f.kept_percent
        text = "—" if share is None else f"{share:.0f} % ({f.kept}/{f.kept + f.broken})"
        rows.append((f.incident.title, share, text, KEPT_COLOURS[kept_level(share)]))
    return bar_chart(title, rows)


def series_chart(title: str, lines: list[tuple[str, str, list[tuple[datetime, int]]]],
                 marks: list[tuple[datetime, str]], date_label: Callable[[datetime], str]) -> str:
    """Counts over time, one line per (label, colour, points), with a dashed vertical line at
    each mark (the updates); every last value is also written as text."""
    top, height, left, right = 30, 250, 60, WIDTH - 150
    body = [_heading(title)]
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
