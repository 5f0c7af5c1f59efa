from frontend.api import Endpoint

NOTES = Endpoint("GET", "/api/fixture-notes", list)
WRITE_NOTE = Endpoint("POST", "/api/fixture-notes", dict)
