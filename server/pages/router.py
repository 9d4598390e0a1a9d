"""The web pages: thin HTML shells whose scripts talk to the JSON API."""
from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from server.customers.models import Customer
from server.deps import SessionDep
from server.errors import NotFound
from server.pages.templating import context, templates

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
