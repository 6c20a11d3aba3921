"""Pure business rules of clientkit: standard library only, no I/O, no clock."""
