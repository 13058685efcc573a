"""The only code that writes: `do_<verb>_<noun>` functions that own the change and its audit record."""
