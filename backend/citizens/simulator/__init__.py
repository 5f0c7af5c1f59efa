"""A VNeID simulator for development, the demo and the tests (never in production)."""
