"""One error shape for every failure: {"error": {"code", "message", "details"}} for the API and the
ops endpoints, and the same code and message on an HTML page for the web pages."""
from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger("talktrack")


class AppError(Exception):
    """An error we expect, with a stable code a client can branch on."""

    def __init__(self, status: int, code: str, message: str, details: Any = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.details = status, code, message, details


class NotFound(AppError):
    def __init__(self, what: str, ident: str) -> None:
        super().__init__(404, f"{what}_not_found", f"No {what.replace('_', ' ')} with id {ident!r}.", {"id": ident})


def error_body(code: str, message: str, details: Any = None) -> dict:
    return {"error": {"code": code, "message": message, "details": details}}


def _respond(status: int, code: str, message: str, details: Any = None, headers=None) -> JSONResponse:
    return JSONResponse(status_code=status, content=jsonable_encoder(error_body(code, message, details)), headers=headers)


def _describe(errors: list[dict]) -> tuple[str, str, list[dict]]:
    details = [{"loc": list(e.get("loc", [])), "msg": e.get("msg", ""), "type": e.get("type", "")} for e in errors]
    if any(e["type"] == "json_invalid" for e in details):
        return "invalid_json", "The request body is not valid JSON.", details
    if any(e["type"] in ("unicode_decode_error", "invalid_utf8") for e in details):
        return "invalid_encoding", "The request body must be UTF-8.", details
    parts = [f"{'.'.join(str(x) for x in e['loc'] if x != 'body') or 'body'}: {e['msg']}" for e in details]
    return "validation_error", "; ".join(parts), details


MAX_BODY_BYTES = 1_000_000


class BodyGuard:
    """Checks API request bodies before routing: too large → 413, not UTF-8 → 422.

    Without it FastAPI answers a non-UTF-8 JSON body with a bare 400.
    """

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] not in ("POST", "PUT", "PATCH") \
                or not scope["path"].startswith("/api/"):
            return await self.app(scope, receive, send)
        chunks, size, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > MAX_BODY_BYTES:
                return await _respond(413, "payload_too_large",
                                      f"The request body is larger than {MAX_BODY_BYTES:,} bytes.")(scope, receive, send)
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        try:
            body.decode("utf-8")
        except UnicodeDecodeError as exc:
            return await _respond(422, "invalid_encoding", f"The request body must be UTF-8 (invalid byte at {exc.start}).",
                                  None)(scope, receive, send)
        sent = False

        async def replay():
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        return await self.app(scope, replay, send)


JSON_PATHS = ("/healthz", "/readyz", "/openapi.json")


def wants_json(request: Request) -> bool:
    path = request.url.path
    return path.startswith("/api/") or path in JSON_PATHS


def _html(request: Request, status: int, code: str, message: str, headers=None):
    from server.pages.templating import context, templates

    return templates.TemplateResponse(request, "error.html", context("error", status=status, code=code, message=message),
                                      status_code=status, headers=headers)


def _answer(request: Request, status: int, code: str, message: str, details: Any = None, headers=None):
    """JSON for /api (and the ops endpoints), a readable page for everything a browser opens."""
    if not wants_json(request):
        try:
            return _html(request, status, code, message, headers)
        except Exception:  # the error page itself failed: still answer, in the API's shape
            log.exception("rendering the error page failed")
    return _respond(status, code, message, details, headers)


def install(app: FastAPI) -> None:
    app.add_middleware(BodyGuard)

    @app.exception_handler(AppError)
    async def _app_error(request: Request, exc: AppError):
        return _answer(request, exc.status, exc.code, exc.message, exc.details)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError):
        code, message, details = _describe(exc.errors())
        return _answer(request, 422, code, message, details)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        code = {404: "not_found", 405: "method_not_allowed", 413: "payload_too_large"}.get(exc.status_code, "http_error")
        return _answer(request, exc.status_code, code, str(exc.detail), headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception):
        # Answered outside the middleware stack, so the security headers are added here.
        from server.pages.security import headers_for

        log.exception("unhandled error")
        headers = {k.decode(): v.decode() for k, v in headers_for(request.url.path)}
        return _answer(request, 500, "internal_error", "Something went wrong on our side; the error was logged.",
                       headers=headers)
