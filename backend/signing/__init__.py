"""Digital signatures (ký số): the organisation's CA, remote signing keys, PAdES, verification."""
