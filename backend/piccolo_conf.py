"""Piccolo's configuration module (``PICCOLO_CONF=backend.piccolo_conf``)."""

from piccolo.conf.apps import AppRegistry

from backend.db import default_engine

DB = default_engine()
APP_REGISTRY = AppRegistry(apps=["migrations.piccolo_app"])
