"""Mastodon: the REST API parser (statuses, notifications) and connector."""
