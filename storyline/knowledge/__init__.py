"""Gazetteer and alias tables: building, loading and lookup of shipped knowledge."""

from storyline.knowledge.gazetteer import Gazetteer, load_gazetteer
from storyline.knowledge.names import fold, name_key

__all__ = ["Gazetteer", "fold", "load_gazetteer", "name_key"]
