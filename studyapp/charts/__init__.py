"""
Charts as geometry: plain Python (no Django) turns numbers into shapes, coordinates and labels,
and a template draws the SVG (templates/charts/ for the shared ones), so every label passes
through autoescaping and no page marks chart markup safe. No JavaScript, no charting library.
"""
