"""One reader per channel that can tell what people did with a post (see docs/listening.md)."""
