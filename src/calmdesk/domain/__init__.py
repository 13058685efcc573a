"""Pure rules of the desk: no I/O, no database, no network. Everything here is tested directly."""
