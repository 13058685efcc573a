"""What every platform shares: payload helpers, the connector base, HTTP with rate limits, cursors, signatures."""
