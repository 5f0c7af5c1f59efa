"""The cryptographic core of secret ballots: exponential ElGamal over edwards25519's prime-order
subgroup (libsodium through PyNaCl), Chaum–Pedersen and Schnorr proofs, ballots per counting
rule, trackers, the Benaloh check and the tally. The protocol is docs/ballots.md."""
