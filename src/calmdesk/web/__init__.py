"""The web desk: server-rendered pages with a little hand-written JavaScript, and a JSON API."""
