"""Components shared by every area of the UI."""
