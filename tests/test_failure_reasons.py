"""Why a request failed, in words: the status of an HTTP error, a body cut short, the cause of a connection
failure — never Twisted's "[<Failure _DataLoss: >]" or an empty reason."""

from __future__ import annotations

from scrapy.http import HtmlResponse, Request
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import ConnectionRefusedError
from twisted.python.failure import Failure
from twisted.web._newclient import ResponseFailed
from twisted.web.http import _DataLoss

from scraper.spiders.base import failure_reason

URL = "http://127.0.0.1:8000/news/"


def failed(exc: BaseException) -> Failure:
    try:
        raise exc
    except BaseException:
        return Failure()


def test_a_truncated_body_is_named_as_such() -> None:
    reason = failure_reason(failed(ResponseFailed([failed(_DataLoss())])))
    assert reason == "the connection closed before the whole body arrived (truncated response)"


def test_an_http_error_names_its_status() -> None:
    response = HtmlResponse(URL, status=404, body=b"gone", request=Request(URL))
    assert failure_reason(failed(HttpError(response, "Ignoring non-200 response"))) == "HTTP 404"


def test_other_failures_keep_their_message_or_name_their_cause() -> None:
    assert "Connection was refused" in failure_reason(failed(ConnectionRefusedError()))
    wrapped = failure_reason(failed(ResponseFailed([failed(ValueError("bad chunk"))])))
    assert wrapped == "ValueError: bad chunk"
