"""Instagram professional accounts: the webhook and Graph API parser; the connector is the shared Graph API one in `channels/_meta`."""
