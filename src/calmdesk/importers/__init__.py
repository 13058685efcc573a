"""File importers: our JSON Lines format and the public "Customer Support on Twitter" CSV layout."""
