import segno

from studyapp.classroom.qr import qr_svg


def test_the_svg_is_inline_markup_with_its_title():
    svg = qr_svg("https://study.example/join/?code=ABCD2345", title="Join link as a QR code")
    assert svg.startswith("<svg")
    assert "<title>Join link as a QR code</title>" in svg
    assert "<?xml" not in svg


def test_the_drawing_is_the_size_of_the_symbol_for_that_text():
    # The same symbol segno builds for the text: the SVG draws exactly that matrix.
    text = "https://study.example/join/?code=ABCD2345"
    svg = qr_svg(text, title="t")
    expected = segno.make(text, error="m", micro=False)
    assert f'width="{(expected.symbol_size(scale=5, border=4))[0]}"' in svg


def test_a_title_is_escaped():
    svg = qr_svg("x", title="<script>")
    assert "<script>" not in svg
