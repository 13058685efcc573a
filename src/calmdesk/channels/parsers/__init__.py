"""One parser per platform: raw API responses and webhook bodies in, `MentionIn` out (pure, no I/O)."""
