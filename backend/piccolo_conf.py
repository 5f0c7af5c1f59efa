"""Piccolo's configuration module (``PICCOLO_CONF=backend.piccolo_conf``): an entry point of
Piccolo's own tooling, so it reads the settings from the environment."""

from piccolo.conf.apps import AppRegistry

from backend import db
from backend.settings import get_settings

try:
    DB = db.engine()
except RuntimeError:  # Piccolo's command line, outside the app: bind the configured database
    db.bind_engine(db.create_engine(get_settings().database_url))
    DB = db.engine()
APP_REGISTRY = AppRegistry(apps=["migrations.piccolo_app"])
