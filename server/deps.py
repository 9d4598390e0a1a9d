"""Every dependency alias the routers use, in one place."""
from __future__ import annotations

from typing import Annotated, Iterator

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from knowledge.coach import Coach
from knowledge.kb import KnowledgeBase
from nlp.pipeline import Pipeline
from nlp.skills import SkillDetectors
from server.config import Settings
from server.errors import AppError


# The session is a plain generator because closing it talks to the database. The lookups after it only
# read app state, so they are async: FastAPI runs a plain `def` dependency in its thread pool, one hop each.
def get_session(request: Request) -> Iterator[Session]:
    with request.app.state.sessions() as session:
        yield session


async def get_pipeline(request: Request) -> Pipeline:
    state = request.app.state.models
    if state.error:
        raise AppError(503, "models_failed", f"The models could not be loaded: {state.error}")
    if state.pipeline is None:
        raise AppError(503, "models_loading", "The models are still loading; try again in a few seconds.")
    return state.pipeline


async def get_knowledge(request: Request) -> KnowledgeBase:
    return request.app.state.knowledge


async def get_coach(request: Request, pipeline: Pipeline = Depends(get_pipeline)) -> Coach:
    # Coaching needs the encoder's embeddings of the entries, which exist once the models are up.
    return request.app.state.coach


async def get_skills(request: Request, pipeline: Pipeline = Depends(get_pipeline)) -> SkillDetectors:
    skills = request.app.state.models.skills
    if skills is None:
        raise AppError(503, "skills_unavailable",
                       "The role-play skill detectors are not trained; run `talktrack train skills`.")
    return skills


async def get_settings(request: Request) -> Settings:
    return request.app.state.settings


SessionDep = Annotated[Session, Depends(get_session)]
PipelineDep = Annotated[Pipeline, Depends(get_pipeline)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
KnowledgeDep = Annotated[KnowledgeBase, Depends(get_knowledge)]
CoachDep = Annotated[Coach, Depends(get_coach)]
SkillsDep = Annotated[SkillDetectors, Depends(get_skills)]
