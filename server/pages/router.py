"""The web pages: thin HTML shells whose scripts talk to the JSON API."""
from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from server.customers.models import Customer
from server.deps import SessionDep
from server.errors import NotFound
from server.pages.templating import context, templates
from server.roleplay.models import RoleplaySession

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


@router.get("/")
def chat(request: Request):
    return templates.TemplateResponse(request, "chat.html", context("chat"))


@router.get("/customers/{customer_id}")
def customer(request: Request, customer_id: str, db: SessionDep):
    if db.get(Customer, customer_id) is None:
        raise NotFound("customer", customer_id)
    return templates.TemplateResponse(request, "customer.html", context("customer", customer_id=customer_id))


@router.get("/knowledge")
def knowledge(request: Request):
    return templates.TemplateResponse(request, "knowledge.html", context("knowledge"))


@router.get("/admin/feedback")
def admin_feedback(request: Request):
    return templates.TemplateResponse(request, "admin_feedback.html", context("admin"))


@router.get("/roleplay")
def roleplay(request: Request):
    return templates.TemplateResponse(request, "roleplay.html", context("roleplay", session_id=""))


@router.get("/roleplay/sessions/{session_id}")
def roleplay_session(request: Request, session_id: str, db: SessionDep):
    """The same page, reopening one session: it carries on if unfinished, else shows the scorecard."""
    if db.get(RoleplaySession, session_id) is None:
        raise NotFound("roleplay_session", session_id)
    return templates.TemplateResponse(request, "roleplay.html", context("roleplay", session_id=session_id))


@router.get("/trainer")
def trainer(request: Request):
    return templates.TemplateResponse(request, "trainer.html", context("trainer"))
