// The one exception of the ballot cryptography (docs/ballots.md §2, §10): a machine code, the
// same codes as the server's backend/ballots/crypto/errors.py, so both verifiers name the same
// failure. The Vietnamese sentences stay with the server's table (the API sends them).
export class BallotCryptoError extends Error {
  constructor(code, detail = "") {
    super(detail ? `${code}: ${detail}` : code);
    this.name = "BallotCryptoError";
    this.code = code;
    this.detail = detail;
  }
}
