"""A minimal domain, added in a test to show what adding a domain takes: a table, one
controller, one policy table and one page (``tests/fixture_area``), each one line in a list."""
