"""The generic signed webhook: calmdesk's own JSON format for review sites, forms and shops (inbound only)."""
