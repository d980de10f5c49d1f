"""Cross-document resolution: stories, entities, events, corroboration, conflicts, dates."""
