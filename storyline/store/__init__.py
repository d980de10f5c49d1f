"""The SQLite store of analysed documents and the resolved storyline."""

from storyline.store.store import SCHEMA_VERSION, BuildLog, Store

__all__ = ["SCHEMA_VERSION", "BuildLog", "Store"]
