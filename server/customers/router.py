from __future__ import annotations

from fastapi import APIRouter

from server.customers import service
from server.deps import SessionDep

router = APIRouter(prefix="/api/v1", tags=["customers"])


@router.get("/customers/{customer_id}")
def get_customer(customer_id: str, db: SessionDep):
    """A customer's profile: style accumulated over their conversations (recent ones weigh more),
    their last emotions, the objections raised so far and their analyses."""
    return service.profile(db_session=db, customer_id=customer_id)
