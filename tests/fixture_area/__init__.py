"""The page of the fixture domain (``tests/fixture_domain``)."""
