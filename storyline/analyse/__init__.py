"""Per-document analysis stages: nlp, time, places, actors, quantities, events."""
