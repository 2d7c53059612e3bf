"""
The rolling update's timeline as SVG geometry: one stacked column per step of the engine's
timeline, old tasks below new ones, with the deployment's two bounds drawn across.

Columns follow the steps rather than a time axis because several steps can share a second (a
stop and a start, or the closing step), and each must stay visible; the time is written under
its column. The template draws the shapes, so every label passes through autoescaping.
"""

# Bottom to top: what still serves traffic first, then what is on its way in or out.
SERIES = (
    ("old-healthy", "Old revision, healthy", "old", ("healthy",)),
    ("old-starting", "Old revision, starting", "old", ("pending", "running")),
    ("old-stopping", "Old revision, stopping", "old", ("stopping",)),
    ("new-healthy", "New revision, healthy", "new", ("healthy",)),
    ("new-starting", "New revision, starting", "new", ("pending", "running")),
    ("new-stopping", "New revision, stopping or failed", "new", ("stopping",)),
)
PLOT_HEIGHT = 180
TOP = 16
LEFT = 40
BOTTOM = 28
GAP = 6
WIDE_COLUMN = 40
NARROW_COLUMN = 14
# Up to this many steps every column is wide enough for its own time label.
WIDE_STEPS = 40
NARROW_LABEL_EVERY = 5
# The bounds are labelled to the right of the columns, clear of them.
RIGHT_GUTTER = 100


def rolling_timeline(result):
    steps = result["steps"]
    wide = len(steps) <= WIDE_STEPS
    column = WIDE_COLUMN if wide else NARROW_COLUMN
    label_every = 1 if wide else NARROW_LABEL_EVERY
    peak = max([result["maximumRunning"], *(step["total"] for step in steps)]) or 1
    scale = PLOT_HEIGHT / peak
    baseline = TOP + PLOT_HEIGHT
    columns = []
    for index, step in enumerate(steps):
        x = LEFT + GAP + index * (column + GAP)
        top = baseline
        segments = []
        for css_class, label, revision, states in SERIES:
            count = sum(step[revision][state] for state in states)
            if count:
                height = count * scale
                top -= height
                segments.append(
                    {
                        "css_class": css_class,
                        "label": label,
                        "count": count,
                        "y": round(top, 1),
                        "height": round(height, 1),
                    }
                )
        columns.append(
            {
                "x": x,
                "centre": x + column / 2,
                "segments": segments,
                "seconds": step["elapsedSeconds"],
                "labelled": index % label_every == 0,
            }
        )
    plot_right = LEFT + GAP + len(steps) * (column + GAP)
    width = plot_right + RIGHT_GUTTER
    return {
        "width": width,
        "height": baseline + BOTTOM,
        "column": column,
        "baseline": baseline,
        "columns": columns,
        "series": [(css_class, label) for css_class, label, _, _ in SERIES],
        "peak": peak,
        "peak_y": TOP,
        "time_label_y": baseline + BOTTOM - 8,
        "label_x": LEFT - 6,
        "plot_left": LEFT,
        "plot_right": plot_right,
        "bound_label_x": plot_right + 6,
        "bounds": [
            # The lower bound's label sits just under its line and the upper's just above, so
            # the two stay readable when the bounds are equal.
            {
                "css_class": css_class,
                "label": f"{label} {value}",
                "y": round(y, 1),
                "label_y": round(y + offset, 1),
            }
            for css_class, label, value, offset in (
                ("minimum", "min healthy", result["minimumHealthy"], 12),
                ("maximum", "max running", result["maximumRunning"], -4),
            )
            for y in [baseline - value * scale]
        ],
    }
