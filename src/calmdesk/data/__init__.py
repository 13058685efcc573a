"""Data files shipped with the package (see docs/decisions/ for where each comes from)."""
