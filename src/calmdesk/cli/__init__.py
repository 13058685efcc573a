"""The `calmdesk` command. Each area registers its commands from its own module."""
