"""calmdesk: a self-hosted social-media complaint desk that knows the playbook."""

__version__ = "0.1.0"
