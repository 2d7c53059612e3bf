"""
QR codes drawn on the server as SVG, so a projector shows a class's join link without a script,
an image service or the network. Plain Python: text in, SVG markup out.
"""

import io

import segno

# Level M survives a smudged or partly covered projection, and keeps a join link's code small.
ERROR_CORRECTION = "m"


def qr_svg(text, title):
    """An inline <svg> of `text` as a QR code, black on white (also in dark mode), titled."""
    code = segno.make(text, error=ERROR_CORRECTION, micro=False)
    out = io.BytesIO()
    code.save(
        out,
        kind="svg",
        xmldecl=False,
        svgns=True,
        svgclass="qr-code",
        lineclass=None,
        scale=5,
        border=4,
        dark="#000",
        light="#fff",
        title=title,
    )
    return out.getvalue().decode("utf-8")
