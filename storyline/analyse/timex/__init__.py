"""The temporal tagger's tables, patterns and resolvers (the stage is analyse.time)."""
