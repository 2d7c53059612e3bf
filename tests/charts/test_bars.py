"""The shared charts' geometry, drawn by their templates as the pages draw them."""

from datetime import date, timedelta

from django.template.loader import render_to_string

from studyapp.charts import bars


def drawn(chart):
    """The SVG a page shows for `chart`, made by bars.bar_chart or bars.calendar_heatmap."""
    template = "charts/calendar.html" if "cells" in chart else "charts/bar_chart.html"
    return render_to_string(template, {"chart": chart}).strip()


def test_bar_chart_scales_bars_and_escapes_labels():
    svg = drawn(bars.bar_chart([0, 5, 10], ["a", "<b>", "c"], title="Due & soon", height=124))
    assert svg.startswith('<svg class="chart"')
    assert 'aria-label="Due &amp; soon"' in svg
    assert "&lt;b&gt;: 5" in svg
    assert 'height="100.0"' in svg  # the tallest bar fills the 100-pixel plot
    assert 'height="50.0"' in svg


def test_bar_chart_leaves_room_for_the_labels_under_the_outer_bars():
    svg = drawn(bars.bar_chart([1] * 30, ["27 Nov"] * 30, title="Due", width=600))
    first_label_x = float(svg.split('<text class="chart-label" x="')[1].split('"')[0])
    view_left = float(svg.split('viewBox="')[1].split()[0])
    assert first_label_x - view_left >= bars.LABEL_MARGIN


def test_calendar_heatmap_has_one_square_per_day_with_levels():
    days = [(date(2026, 5, 1) + timedelta(days=i), count) for i, count in enumerate([0, 1, 8])]
    svg = drawn(bars.calendar_heatmap(days, title="Reviews"))
    assert svg.count("<rect") == 3
    assert "heat--0" in svg
    assert "heat--4" in svg
    assert "2026-05-02: 1 review</title>" in svg
