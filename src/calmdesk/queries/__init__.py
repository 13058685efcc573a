"""Read-only queries shared by the CLI, the web desk and reports."""
