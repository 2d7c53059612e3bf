"""
Bar charts and a calendar heatmap, drawn by templates/charts/bar_chart.html and calendar.html.
Every chart carries a <title> for assistive technology; the page shows the same numbers in a
table beside it.
"""

LABEL_MARGIN = 24  # half the width of a label such as "27 Nov" in the chart's small type


def bar_chart(
    values, labels, *, title, width=600, height=160, bar_class="bar", ceiling=None, mark=None
):
    """
    Vertical bars, one per value, with a label under every few bars (at most about ten labels).
    The bars are scaled to `ceiling` when given (a fixed scale, so charts drawn at different
    times compare), else to the largest value; `mark` draws a dashed line across at that value.
    """
    count = max(len(values), 1)
    peak = ceiling or max(values, default=0) or 1
    plot_height = height - 24
    slot = width / count
    bars = []
    for index, (value, label) in enumerate(zip(values, labels, strict=True)):
        bar_height = round(plot_height * value / peak, 1)
        bars.append(
            {
                "css_class": bar_class,
                "x": round(index * slot + slot * 0.15, 1),
                "y": round(plot_height - bar_height, 1),
                "width": round(slot * 0.7, 1),
                "height": bar_height,
                "label": label,
                "value": value,
            }
        )
    step = max(1, count // 10)
    ticks = [
        {"x": round(index * slot + slot / 2, 1), "y": height - 6, "label": label}
        for index, label in enumerate(labels)
        if index % step == 0
    ]
    # Room on both sides for the labels under the first and last bars, which are centred on them.
    margin = LABEL_MARGIN
    return {
        "title": title,
        "view_box": f"{-margin} 0 {width + 2 * margin} {height}",
        "width": width,
        "plot_height": plot_height,
        "bars": bars,
        "ticks": ticks,
        "mark": (
            {"y": round(plot_height - plot_height * mark / peak, 1), "value": mark}
            if mark is not None
            else None
        ),
    }


def calendar_heatmap(days, *, title, cell=11, gap=2):
    """
    One square per day in columns of weeks, like a contributions calendar. `days` is a list of
    (date, count) from oldest to newest; the first column starts on the oldest day's weekday.
    None when there are no days.
    """
    if not days:
        return None
    peak = max(count for _, count in days) or 1
    first_weekday = days[0][0].weekday()
    cells = []
    for index, (day, count) in enumerate(days):
        column, row = divmod(index + first_weekday, 7)
        cells.append(
            {
                "level": 0 if count == 0 else min(4, 1 + (4 * count - 1) // peak),
                "x": column * (cell + gap),
                "y": row * (cell + gap),
                "day": day.isoformat(),
                "count": count,
            }
        )
    columns = (len(days) + first_weekday + 6) // 7
    return {
        "title": title,
        "width": columns * (cell + gap),
        "height": 7 * (cell + gap),
        "cell": cell,
        "cells": cells,
    }
