"""
Small server-rendered SVG charts: no JavaScript, no charting library. Every chart carries a
<title> for assistive technology; the page shows the same numbers in a table beside it.
Plain Python: numbers and labels in, SVG markup out, every label escaped.
"""

from html import escape

LABEL_MARGIN = 24  # half the width of a label such as "27 Nov" in the chart's small type


def bar_chart(
    values, labels, *, title, width=600, height=160, bar_class="bar", ceiling=None, mark=None
):
    """
    Vertical bars, one per value, with a label under every `label_every`-th bar. The bars are
    scaled to `ceiling` when given (a fixed scale, so charts drawn at different times compare),
    else to the largest value; `mark` draws a dashed line across at that value.
    """
    count = max(len(values), 1)
    peak = ceiling or max(values, default=0) or 1
    plot_height = height - 24
    slot = width / count
    bars = []
    for index, (value, label) in enumerate(zip(values, labels, strict=True)):
        bar_height = round(plot_height * value / peak, 1)
        x = round(index * slot + slot * 0.15, 1)
        y = round(plot_height - bar_height, 1)
        bars.append(
            f'<rect class="{bar_class}" x="{x}" y="{y}" width="{round(slot * 0.7, 1)}" '
            f'height="{bar_height}"><title>{escape(label)}: {value}</title></rect>'
        )
    step = max(1, count // 10)
    ticks = [
        f'<text class="chart-label" x="{round(index * slot + slot / 2, 1)}" y="{height - 6}" '
        f'text-anchor="middle">{escape(label)}</text>'
        for index, label in enumerate(labels)
        if index % step == 0
    ]
    if mark is not None:
        mark_y = round(plot_height - plot_height * mark / peak, 1)
        ticks.append(
            f'<line class="chart-mark" x1="0" y1="{mark_y}" x2="{width}" y2="{mark_y}">'
            f"<title>{escape(str(mark))}</title></line>"
        )
    # Room on both sides for the labels under the first and last bars, which are centred on them.
    margin = LABEL_MARGIN
    return (
        f'<svg class="chart" viewBox="{-margin} 0 {width + 2 * margin} {height}" role="img" '
        f'aria-label="{escape(title)}"><title>{escape(title)}</title>'
        f'<line class="chart-axis" x1="0" y1="{plot_height}" x2="{width}" y2="{plot_height}"/>'
        f"{''.join(bars)}{''.join(ticks)}</svg>"
    )


def calendar_heatmap(days, *, title, cell=11, gap=2):
    """
    One square per day in columns of weeks, like a contributions calendar. `days` is a list of
    (date, count) from oldest to newest; the first column starts on the oldest day's weekday.
    """
    if not days:
        return ""
    peak = max(count for _, count in days) or 1
    first_weekday = days[0][0].weekday()
    cells = []
    for index, (day, count) in enumerate(days):
        position = index + first_weekday
        column, row = divmod(position, 7)
        level = 0 if count == 0 else min(4, 1 + (4 * count - 1) // peak)
        cells.append(
            f'<rect class="heat heat--{level}" x="{column * (cell + gap)}" '
            f'y="{row * (cell + gap)}" width="{cell}" height="{cell}" rx="2">'
            f"<title>{day.isoformat()}: {count} review{'s' if count != 1 else ''}</title></rect>"
        )
    columns = (len(days) + first_weekday + 6) // 7
    width = columns * (cell + gap)
    height = 7 * (cell + gap)
    return (
        f'<svg class="chart chart--calendar" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}"><title>{escape(title)}</title>{"".join(cells)}</svg>'
    )
