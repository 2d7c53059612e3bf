from studyapp.markup.code_css import OUTPUT, stylesheet


def test_committed_code_stylesheet_is_current():
    assert OUTPUT.read_text(encoding="utf-8") == stylesheet(), (
        "static/css/code.css is stale: run `python -m studyapp.markup.code_css`"
    )


def test_stylesheet_has_a_dark_variant_scoped_to_the_media_query():
    css = stylesheet()
    light, dark = css.split("@media (prefers-color-scheme: dark)")
    assert ".codehilite .k " in light
    assert ".codehilite .k " in dark
