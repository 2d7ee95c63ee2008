"""A small client of one Scrapyd node's JSON API (daemonstatus, addversion, schedule, listjobs, cancel).

Every call has a timeout. A node that cannot be reached (refused, timed out, not HTTP) raises `NodeUnreachable`;
a node that answers with ``"status": "error"`` raises `NodeError` with its message.

A node URL with credentials (``http://user:password@host:6800``, for a Scrapyd whose config sets `username` and
`password`) sends them as HTTP basic auth on every call, the job logs included. The node is named everywhere by
its URL without them (`ScrapydNode.url`: messages, logs, `attache status`, the crawl runs), so the password is
never printed.
"""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.error import HTTPError, URLError
from urllib.parse import unquote, urlencode, urlsplit
from urllib.request import Request, urlopen

from scraper.urls import url_without_credentials

PROJECT = "attache"
"""The Scrapyd project name Attaché deploys as."""
REQUEST_TIMEOUT_SECONDS = 10.0
UPLOAD_TIMEOUT_SECONDS = 120.0
"""addversion.json lists the egg's spiders (a `scrapy list` subprocess on the node) before it answers."""


class NodeUnreachable(ConnectionError):
    """The node did not answer (connection refused or reset, timeout, not a Scrapyd answer)."""


class NodeError(RuntimeError):
    """The node answered with an error (its message is the exception's)."""


@dataclass(frozen=True)
class Job:
    """One job as listjobs.json reports it."""

    id: str
    spider: str
    state: str
    """pending, running or finished."""
    pid: int | None = None
    log_url: str | None = None


@dataclass(frozen=True)
class NodeStatus:
    node: str
    pending: int
    running: int
    finished: int

    @property
    def busy(self) -> int:
        return self.pending + self.running


class ScrapydNode:
    """One Scrapyd node, by its base URL (``http://host:6800``)."""

    def __init__(self, url: str, timeout: float = REQUEST_TIMEOUT_SECONDS) -> None:
        parts = urlsplit(url)
        self.url = url_without_credentials(url).rstrip("/")
        """The node's base URL without credentials: how it is shown and recorded."""
        self.timeout = timeout
        self._authorization: str | None = None
        if parts.username is not None:
            pair = f"{unquote(parts.username)}:{unquote(parts.password or '')}".encode()
            self._authorization = "Basic " + base64.b64encode(pair).decode("ascii")

    def _request(self, url: str, data: bytes | None = None, method: str = "GET") -> Request:
        request = Request(url, data=data, method=method)
        if self._authorization:
            request.add_unredirected_header("Authorization", self._authorization)
        return request

    def __repr__(self) -> str:
        return f"ScrapydNode({self.url!r})"

    def _call(self, endpoint: str, *, query: Mapping[str, str] | None = None,
              form: Sequence[tuple[str, str]] | None = None, body: bytes | None = None,
              content_type: str | None = None, timeout: float | None = None) -> dict[str, Any]:
        url = f"{self.url}/{endpoint}" + (f"?{urlencode(query)}" if query else "")
        data = body if body is not None else urlencode(list(form)).encode() if form is not None else None
        request = self._request(url, data, "POST" if data is not None else "GET")
        if content_type:
            request.add_header("Content-Type", content_type)
        try:
            with urlopen(request, timeout=timeout or self.timeout) as response:
                raw = response.read()
        except HTTPError as exc:
            raise NodeError(f"{url}: HTTP {exc.code} {exc.reason}") from None
        except (URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise NodeUnreachable(f"Scrapyd node {self.url} is unreachable: {reason}") from None
        try:
            answer = json.loads(raw)
        except ValueError:
            raise NodeUnreachable(f"Scrapyd node {self.url} did not answer JSON at {endpoint}") from None
        if not isinstance(answer, dict):
            raise NodeUnreachable(f"Scrapyd node {self.url} gave an unexpected answer at {endpoint}")
        if answer.get("status") == "error":
            raise NodeError(f"Scrapyd node {self.url}: {str(answer.get('message', 'error')).strip()}")
        return answer

    def status(self) -> NodeStatus:
        """daemonstatus.json: the node's pending, running and finished job counts."""
        answer = self._call("daemonstatus.json")
        return NodeStatus(self.url, int(answer.get("pending", 0)), int(answer.get("running", 0)),
                          int(answer.get("finished", 0)))

    def add_version(self, version: str, egg: bytes, project: str = PROJECT) -> int:
        """addversion.json: upload the project's egg; returns how many spiders the node found in it."""
        boundary = uuid.uuid4().hex
        parts = []
        for name, value in (("project", project.encode()), ("version", version.encode())):
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
                         + value + b"\r\n")
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="egg"; filename="{project}.egg"\r\n'
                     "Content-Type: application/octet-stream\r\n\r\n".encode() + egg + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        answer = self._call("addversion.json", body=body, content_type=f"multipart/form-data; boundary={boundary}",
                            timeout=UPLOAD_TIMEOUT_SECONDS)
        return int(answer.get("spiders", 0))

    def spiders(self, version: str | None = None, project: str = PROJECT) -> list[str]:
        """listspiders.json: the spiders of the project's `version` (default: the latest), as the node sees them."""
        query = {"project": project} | ({"_version": version} if version else {})
        return [str(s) for s in self._call("listspiders.json", query=query, timeout=UPLOAD_TIMEOUT_SECONDS)
                .get("spiders", [])]

    def versions(self, project: str = PROJECT) -> list[str]:
        """listversions.json: the project's uploaded versions, the latest (the one a job runs by default) last."""
        return [str(v) for v in self._call("listversions.json", query={"project": project}).get("versions", [])]

    def schedule(self, spider: str, settings: Mapping[str, str], job_id: str, project: str = PROJECT,
                 version: str | None = None) -> str:
        """schedule.json: queue a crawl of `spider` with these Scrapy settings; returns the job id.

        Naming the `version` (the latest, from `versions`) lets the node check the spider name against the
        spider list it made when the egg was uploaded, instead of running `scrapy list` again."""
        form = [("project", project), ("spider", spider), ("jobid", job_id)]
        if version:
            form.append(("_version", version))
        form += [("setting", f"{name}={value}") for name, value in settings.items()]
        return str(self._call("schedule.json", form=form, timeout=UPLOAD_TIMEOUT_SECONDS)["jobid"])

    def jobs(self, project: str = PROJECT) -> dict[str, Job]:
        """listjobs.json: the node's jobs of the project by id (pending, running and finished)."""
        answer = self._call("listjobs.json", query={"project": project})
        jobs: dict[str, Job] = {}
        for state in ("finished", "pending", "running"):
            for item in answer.get(state, []):
                jobs[str(item["id"])] = Job(str(item["id"]), str(item.get("spider", "")), state, item.get("pid"),
                                            item.get("log_url"))
        return jobs

    def cancel(self, job_id: str, signal: str = "TERM", project: str = PROJECT) -> str | None:
        """cancel.json: remove a pending job or signal a running one; returns its previous state."""
        answer = self._call("cancel.json", form=[("project", project), ("job", job_id), ("signal", signal)])
        return answer.get("prevstate")

    def log_tail(self, log_url: str | None, limit: int = 20000) -> str:
        """The end of a job's log (served by the node), or "" when it cannot be read."""
        if not log_url:
            return ""
        url = log_url if log_url.startswith(("http://", "https://")) else f"{self.url}{log_url}"
        try:
            with urlopen(self._request(url), timeout=self.timeout) as response:
                return response.read()[-limit:].decode("utf-8", errors="replace")
        except (URLError, OSError):
            return ""
