"""The question bank: YAML format, validation, loading and browsing."""
