"""Bluesky: the AT Protocol parser (posts, notifications) and connector."""
