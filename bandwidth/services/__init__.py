"""Service objects: the one implementation of each endpoint."""
