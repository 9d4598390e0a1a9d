"""Where every domain's tables are imported, so Alembic and create_all see them all."""


def load_all() -> None:
    from server.analysis import models as _analysis  # noqa: F401
    from server.coach import models as _coach  # noqa: F401
    from server.customers import models as _customers  # noqa: F401
    from server.feedback import models as _feedback  # noqa: F401
    from server.roleplay import models as _roleplay  # noqa: F401
