"""The search box as a visitor types into it: live results, highlighted, and the word limit."""

import re

from playwright.sync_api import expect

from studyapp.search.search import MAX_QUERY_WORDS
from tests.browser.conftest import screenshot


def test_type_a_search_follow_a_section_hit_and_hit_the_word_limit(page, content):
    page.goto("/search/")
    box = page.get_by_label("Words to look for")
    results = page.locator("#search-results")

    box.fill("awsvpc trunking")
    expect(results.locator("mark").first).to_have_text(re.compile("awsvpc|trunking", re.I))
    expect(page).to_have_url(re.compile(r"/search/\?q=awsvpc(\+|%20)trunking$"))

    box.fill(" ".join(["task"] * (MAX_QUERY_WORDS + 1)))
    expect(results).to_contain_text(f"Search takes at most {MAX_QUERY_WORDS} words")
    screenshot(page, "search-word-limit")

    box.fill("awsvpc trunking")
    link = results.locator("li a").first
    expect(link).to_be_visible()
    href = link.get_attribute("href")
    assert re.fullmatch(r"/topics/[a-z0-9-]+/#[a-z0-9-]+", href)
    link.click()
    expect(page).to_have_url(re.compile(re.escape(href) + "$"))
    expect(page.locator(f"[id='{href.split('#')[1]}']")).to_be_in_viewport()
