"""SQLite storage: connection set-up, numbered migrations and typed query functions."""
