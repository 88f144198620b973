"""Errors as RFC 9457 problem documents (``application/problem+json``).

Every error the native API returns is one of these: ``type`` is ``about:blank``
(so ``title`` is the HTTP status phrase), ``detail`` is the same one-line message
the command line prints, and ``code`` is a stable, machine-readable name. No
traceback and no file path ever goes into one.
"""

from __future__ import annotations

import json
from http import HTTPStatus
from typing import Any

from starlette.responses import Response

MEDIA_TYPE = "application/problem+json"


class Problem(Exception):
    """Raise in a handler to answer with a problem document."""

    def __init__(self, status: int, detail: str, code: str, *,
                 headers: dict[str, str] | None = None, **extra: Any) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = " ".join(detail.split())
        self.code = code
        self.headers = headers or {}
        self.extra = extra

    def body(self) -> dict[str, Any]:
        return {"type": "about:blank", "title": HTTPStatus(self.status).phrase,
                "status": self.status, "detail": self.detail, "code": self.code, **self.extra}

    def response(self) -> Response:
        return Response(json.dumps(self.body(), ensure_ascii=False), status_code=self.status,
                        media_type=MEDIA_TYPE, headers=self.headers)


#: Codes for the statuses Starlette raises itself (unknown path, wrong method).
STATUS_CODES = {404: "not-found", 405: "method-not-allowed"}
