"""The FastAPI app: models load once in the lifespan, routers are mounted here."""
from __future__ import annotations

import logging
import threading
import time
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from fastapi import FastAPI
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from knowledge.coach import Coach
from knowledge.kb import KnowledgeBase
from server import errors
from server.config import Settings, get_settings
from server.db import make_engine, migrate, session_factory

log = logging.getLogger("talktrack")


@dataclass
class ModelState:
    """Loaded in a background thread so /healthz answers at once and /readyz tells when ready."""

    pipeline: object | None = None
    skills: object | None = None  # role-play skill detectors; optional, their routes say when missing
    error: str | None = None
    started: float = field(default_factory=time.perf_counter)
    ready_after_s: float | None = None
    done: threading.Event = field(default_factory=threading.Event)
    # The models start loading before the knowledge base is read (the two overlap at start-up);
    # the entries' embeddings need both, so the loader waits here for the parsed knowledge base.
    knowledge: object | None = None
    knowledge_read: threading.Event = field(default_factory=threading.Event)

    def knowledge_is(self, knowledge) -> None:
        """The knowledge base is parsed (None: it failed, and the server is not starting)."""
        self.knowledge = knowledge
        self.knowledge_read.set()

    def load(self, settings: Settings) -> None:
        from nlp.pipeline import Pipeline

        try:
            pipeline = Pipeline.load(settings.encoder, settings.models_dir, settings.encoder_threads)
            self.skills = load_skills(pipeline, settings)
            self.knowledge_read.wait()
            if self.knowledge is None:
                return
            self.knowledge.use_encoder(pipeline.encoder.encode)
            self.pipeline = pipeline
            self.ready_after_s = round(time.perf_counter() - self.started, 2)
            log.info("models ready after %.1f s", self.ready_after_s)
        except Exception as exc:  # reported by /readyz and every model-backed route
            log.exception("loading the models failed")
            self.error = f"{type(exc).__name__}: {exc}"
        finally:
            self.done.set()


def load_skills(pipeline, settings: Settings):
    from nlp.heads.base import ModelCardError
    from nlp.pipeline import MODELS_DIR
    from nlp.skills import SkillDetectors

    try:
        return SkillDetectors.load(pipeline, settings.models_dir or MODELS_DIR)
    except ModelCardError as exc:
        log.warning("role-play scoring disabled: %s", exc)
        return None


def _reload_on_sighup(knowledge) -> None:
    """`kill -HUP <pid>` reloads the knowledge base, like POST /api/v1/knowledge/reload."""
    import asyncio
    import signal

    def reload() -> None:
        try:
            log.info("SIGHUP: reloaded %d knowledge entries", knowledge.reload())
        except Exception as exc:  # keep serving the old content
            log.error("SIGHUP: knowledge reload failed, old content kept: %s", exc)

    try:
        asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, reload)
    except (NotImplementedError, RuntimeError, ValueError):  # not the main thread (e.g. a test client)
        pass


def create_app(settings: Settings | None = None, *, pipeline=None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        state = ModelState()
        app.state.models = state
        if pipeline is None:
            threading.Thread(target=state.load, args=(settings,), name="load-models", daemon=True).start()
        knowledge = None
        try:
            # An invalid knowledge base stops the server here, with every problem listed.
            knowledge = KnowledgeBase(settings.knowledge_dirs)
        finally:
            state.knowledge_is(knowledge)
        app.state.knowledge = knowledge
        app.state.coach = Coach(knowledge)
        migrate(settings.database_url)
        engine = make_engine(settings.database_url)
        app.state.sessions = session_factory(engine)
        if pipeline is not None:
            knowledge.use_encoder(pipeline.encoder.encode)
            state.skills = load_skills(pipeline, settings)
            state.pipeline, state.ready_after_s = pipeline, 0.0
            state.done.set()
        _reload_on_sighup(knowledge)
        yield
        engine.dispose()

    app = FastAPI(title="TalkTrack", version="0.1.0", lifespan=lifespan,
                  description="Communication coaching for sales and service teams: who the customer is, how they "
                              "feel, what stands in the way, and what to say next.")
    app.state.settings = settings
    errors.install(app)
    from server.pages.security import SecurityHeaders
    from server.pages.templating import STATIC_DIR

    app.add_middleware(SecurityHeaders)  # outermost: every response gets the Content-Security-Policy

    from server.analysis.router import router as analysis_router
    from server.coach.router import router as coach_router
    from server.customers.router import router as customers_router
    from server.feedback.router import router as feedback_router
    from server.knowledge.router import router as knowledge_router
    from server.pages.api import router as pages_api_router
    from server.pages.router import router as pages_router
    from server.roleplay.router import router as roleplay_router

    for router in (analysis_router, coach_router, customers_router, knowledge_router, pages_api_router,
                   feedback_router, roleplay_router, pages_router):
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.get("/healthz", tags=["ops"])
    def healthz():
        return {"status": "ok"}

    @app.get("/readyz", tags=["ops"])
    def readyz():
        state: ModelState = app.state.models
        if state.pipeline is not None:
            return {"status": "ready", "ready_after_s": state.ready_after_s, "models": state.pipeline.model_versions}
        body = errors.error_body("models_failed" if state.error else "models_loading",
                                 state.error or "The models are still loading.")
        return JSONResponse(status_code=503, content=body)

    return app
