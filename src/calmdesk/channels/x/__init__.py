"""X (Twitter): the v2 API parser and connector; its webhook signature check is in `_common/signatures.py`."""
