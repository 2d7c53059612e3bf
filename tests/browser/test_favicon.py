"""The page icon: linked from every page and served, so no first page load logs a 404."""


def test_a_page_load_requests_nothing_missing(page, content):
    failed = []
    page.on(
        "response", lambda response: failed.append(response.url) if response.status >= 400 else None
    )
    page.goto("/")
    page.wait_for_load_state("networkidle")
    icon = page.locator("link[rel=icon]").get_attribute("href")
    assert page.request.get(icon).status == 200
    assert page.request.get("/favicon.ico").status == 200  # followed to the SVG
    assert not failed
