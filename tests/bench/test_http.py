"""The load scripts' HTTP client, against a small asyncio server that answers what it is told."""

import asyncio
import importlib.util
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location(
    "bench_http", Path(__file__).resolve().parents[2] / "bench" / "_http.py"
)
bench_http = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_http)


def run_in_own_loop(coroutine_function):
    """asyncio.run in a thread of its own: the browser tests' Playwright keeps a loop running."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine_function()).result()


def exchange(answer, method="GET", path="/", **kwargs):
    """(the request bytes the server received, the client's Response or exception, client)."""
    received = []

    async def handle(reader, writer):
        head = await reader.readuntil(b"\r\n\r\n")
        length = next(
            (
                int(line.split(b":")[1])
                for line in head.split(b"\r\n")
                if line.startswith(b"Content-Length")
            ),
            0,
        )
        received.append(head + await reader.readexactly(length))
        writer.write(answer)
        await writer.drain()
        writer.close()

    async def run():
        server = await asyncio.start_server(handle, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        client = bench_http.Client("127.0.0.1", port)
        client.cookies.update(kwargs.pop("cookies", {}))
        try:
            result = await client.request(method, path, **kwargs)
        except Exception as error:  # returned so that the test can assert on it
            result = error
        server.close()
        await server.wait_closed()
        return result, client

    result, client = run_in_own_loop(run)
    return received[0], result, client


def test_a_form_post_is_sent_urlencoded_with_cookies_and_headers():
    answer = b"HTTP/1.0 302 Found\r\nLocation: /review/\r\nContent-Length: 0\r\n\r\n"
    request, response, _ = exchange(
        answer,
        "POST",
        "/review/rate/",
        form=[("option", "1"), ("option", "2"), ("note", "a b&c")],
        headers={"HX-Request": "true"},
        cookies={"csrftoken": "abc", "sessionid": "xyz"},
    )
    head, _, body = request.partition(b"\r\n\r\n")
    lines = head.decode().split("\r\n")
    assert lines[0] == "POST /review/rate/ HTTP/1.0"
    assert "Cookie: csrftoken=abc; sessionid=xyz" in lines
    assert "Content-Type: application/x-www-form-urlencoded" in lines
    assert "HX-Request: true" in lines
    assert body == b"option=1&option=2&note=a+b%26c"
    assert (response.status, response.location, response.text) == (302, "/review/", "")


def test_cookies_are_kept_replaced_and_deleted():
    answer = (
        b"HTTP/1.0 200 OK\r\n"
        b"Set-Cookie: csrftoken=new; expires=Sat, 27 Nov 2027 09:00:00 GMT; Max-Age=31449600; "
        b"Path=/\r\n"
        b'Set-Cookie: sessionid=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/\r\n'
        b"Content-Length: 5\r\n\r\nhello"
    )
    _, response, client = exchange(answer, cookies={"csrftoken": "old", "sessionid": "xyz"})
    assert response.text == "hello"
    assert client.cookies == {"csrftoken": "new"}


@pytest.mark.parametrize(
    "answer",
    [
        b"HTTP/1.0 200 OK\r\nContent-Length: 10\r\n\r\nhalf",
        b"HTTP/1.0 200 OK\r\nContent-Le",
        b"",
    ],
    ids=["body cut short", "headers cut short", "nothing"],
)
def test_a_response_cut_short_is_an_error_not_an_answer(answer):
    _, result, _ = exchange(answer)
    assert isinstance(result, bench_http.IncompleteResponse)


def test_a_body_without_length_runs_to_the_end_of_the_connection():
    _, response, _ = exchange("HTTP/1.0 200 OK\r\n\r\nnaïve".encode())
    assert (response.status, response.text) == (200, "naïve")


def test_a_refused_connection_is_an_os_error():
    async def run():
        client = bench_http.Client("127.0.0.1", 1)
        await client.request("GET", "/")

    with pytest.raises(ConnectionRefusedError):
        run_in_own_loop(run)
