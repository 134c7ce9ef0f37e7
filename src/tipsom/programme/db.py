"""Open the programme database: SQLite by default, PostgreSQL when a team shares one.

`open_db(url, root)` turns what the trainer typed into an engine, checks that the database
answers, and brings its tables up to date with the Alembic migrations in `migrations/`
(applied on every open; a database already at the head is left alone). Every failure a user
can cause (a bad URL, a server that does not answer, a database from a newer tipsom) is one
`ProgrammeError` naming the database with its password hidden.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, SQLAlchemyError

from .errors import ProgrammeError

DEFAULT = Path("build") / "programme" / "programme.sqlite"
MIGRATIONS = Path(__file__).parent / "migrations"


def database_url(db: str | None, root: Path | str = ".") -> str:
    """The SQLAlchemy URL for `--db`: omitted, the project's SQLite file; `postgresql://...`
    through psycopg 3; `sqlite:///file` or a plain file path as SQLite."""
    if not db:
        path = Path(root) / DEFAULT
        path.parent.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{path.resolve()}"
    if "://" not in db:
        return f"sqlite:///{Path(db).resolve()}"
    scheme, _, rest = db.partition("://")
    if scheme in ("postgresql", "postgres"):
        return f"postgresql+psycopg://{rest}"
    return db


def shown(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "the database URL given"


def open_db(db: str | None = None, root: Path | str = ".") -> Engine:
    """An engine on the programme database, migrated to the current schema."""
    url = database_url(db, root)
    try:
        parsed = make_url(url)
        if parsed.get_backend_name() not in ("sqlite", "postgresql"):
            raise ProgrammeError(f"{shown(url)}: the programme database is SQLite (a file) or PostgreSQL "
                                 "(--db postgresql://user:password@host/database).")
        args = {"connect_timeout": 5} if parsed.get_backend_name() == "postgresql" else {}
        engine = create_engine(parsed, connect_args=args, pool_pre_ping=True)
    except (ArgumentError, NoSuchModuleError, ValueError) as err:
        raise ProgrammeError(f"'{shown(url)}' is not a database URL ({err}). Write postgresql://user:password@host/database "
                             "or leave --db out for the SQLite file in build/programme/.") from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    try:
        _migrate(engine)
    except ProgrammeError:
        engine.dispose()
        raise
    except DBAPIError as err:
        engine.dispose()
        why = str(err.orig).strip().splitlines()[0] if err.orig else str(err)
        raise ProgrammeError(f"Cannot reach the programme database at {shown(url)}: {why}. "
                             "Check that the server runs and the URL (host, port, user, password, database) is right.") from None
    return engine


def _sqlite_pragmas(conn, _record) -> None:
    cur = conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


def _migrate(engine: Engine) -> None:
    from alembic import command
    from alembic.config import Config
    from alembic.util import CommandError

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        try:
            command.upgrade(config, "head")
        except CommandError as err:
            raise ProgrammeError(f"The programme database at {shown(str(engine.url))} was made by another version of tipsom "
                                 f"({err}). Use that version, or a new database.") from None
        except SQLAlchemyError:
            raise
