"""Known-answer vectors of the secret-ballot cryptography (docs/ballots.md §12).

Deterministic: every secret scalar is Hs(["dangbo/ballots/v1/vectors", SEED, label]); nothing
is random. The Python tests and the JavaScript implementation both run the file.

    .venv/bin/python -m tests.vectors.make_ballot_vectors          # write ballots.json
    .venv/bin/python -m tests.vectors.make_ballot_vectors --check  # fail if it would change
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

from backend.ballots.crypto.ballot import (
    Ballot,
    build_ballot,
    layout,
    make_reveal,
    tracker,
)
from backend.ballots.crypto.context import PollContext
from backend.ballots.crypto.elgamal import add_ciphertexts, encrypt
from backend.ballots.crypto.group import BASE, IDENTITY, ORDER, add, base, encode_scalar, mul
from backend.ballots.crypto.hashing import challenge, digest, encode
from backend.ballots.crypto.proofs import (
    prove_bit,
    prove_decryption,
    prove_key,
    prove_range,
)
from backend.ballots.crypto.tally import partial_decrypt, sum_ballots
from tests.vectors.ballot_fixtures import (
    BOARD_HASH,
    CONTEXTS,
    KEY,
    MEMBERS,
    SEED,
    SHARE_AT,
    STRIKE_15,
    THRESHOLD,
    Draws,
    derive,
    flip_scalar,
    item_of,
)

HERE = Path(__file__).resolve().parent
OUT = HERE / "ballots.json"
P = 2**255 - 19
# A point of order 8 (small order) from the usual list of edwards25519's torsion points.
ORDER_8 = bytes.fromhex("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a")


def point_vectors() -> list[dict]:
    some = base(derive("some point"))
    y_eq_p_plus_1 = (P + 1).to_bytes(32, "little")  # y = 1 written non-canonically
    negative_zero = bytes([1]) + bytes(30) + bytes([0x80])  # the identity with x "negative"
    order_2 = (P - 1).to_bytes(32, "little")  # (0, −1)
    order_4 = bytes(32)  # y = 0
    mixed = add(some, ORDER_8)  # prime-order point plus a torsion component
    not_on_curve = next(
        y.to_bytes(32, "little")
        for y in range(2, 100)
        if not _has_x(y)  # a y with no x on the curve
    )
    return [
        {"name": "base point G", "hex": BASE.hex(), "valid": True},
        {"name": "a prime-order point", "hex": some.hex(), "valid": True},
        {"name": "the poll key", "hex": KEY.hex(), "valid": True},
        {"name": "identity (refused from outside)", "hex": IDENTITY.hex(), "valid": False},
        {"name": "non-canonical y = p + 1", "hex": y_eq_p_plus_1.hex(), "valid": False},
        {"name": "non-canonical negative zero x", "hex": negative_zero.hex(), "valid": False},
        {"name": "small order 2", "hex": order_2.hex(), "valid": False},
        {"name": "small order 4", "hex": order_4.hex(), "valid": False},
        {"name": "small order 8", "hex": ORDER_8.hex(), "valid": False},
        {"name": "torsion: prime-order point + order-8 point", "hex": mixed.hex(), "valid": False},
        {"name": "not on the curve", "hex": not_on_curve.hex(), "valid": False},
        {"name": "upper-case hex", "hex": some.hex().upper(), "valid": False},
        {"name": "31 bytes", "hex": some.hex()[:62], "valid": False},
    ]


def _has_x(y: int) -> bool:
    """Whether (y² − 1)/(d·y² + 1) is a square mod p (only to pick an off-curve vector)."""
    d = -121665 * pow(121666, -1, P) % P
    u = (y * y - 1) % P
    v = (d * y * y + 1) % P
    x2 = u * pow(v, -1, P) % P
    return x2 == 0 or pow(x2, (P - 1) // 2, P) == 1


def with_codes(rows: list[dict]) -> list[dict]:
    for row in rows:
        if not row["valid"]:
            text = row["hex"]
            is_hex = len(text) == 64 and all(ch in "0123456789abcdef" for ch in text)
            row["code"] = "bad_encoding" if not is_hex else row.get("code", "bad_point")
    return rows


def scalar_vectors() -> list[dict]:
    z = derive("some scalar")
    small = 5
    return [
        {"name": "zero", "hex": encode_scalar(0), "valid": True},
        {"name": "one", "hex": encode_scalar(1), "valid": True},
        {"name": "ℓ − 1", "hex": encode_scalar(ORDER - 1), "valid": True},
        {"name": "a scalar z", "hex": encode_scalar(z), "valid": True},
        {"name": "ℓ", "hex": ORDER.to_bytes(32, "little").hex(), "valid": False,
         "code": "non_canonical_scalar"},
        {"name": "5 + ℓ (same residue as 5)", "hex": (small + ORDER).to_bytes(32, "little").hex(),
         "valid": False, "code": "non_canonical_scalar"},
        {"name": "2^256 − 1", "hex": "ff" * 32, "valid": False, "code": "non_canonical_scalar"},
        {"name": "upper-case hex", "hex": encode_scalar(z).upper(), "valid": False,
         "code": "bad_encoding"},
        {"name": "33 bytes", "hex": encode_scalar(z) + "00", "valid": False,
         "code": "bad_encoding"},
    ]  # fmt: skip


def hash_vectors() -> list[dict]:
    point = base(derive("hashed point"))
    items_json = [
        {"text": "dangbo/ballots/v1/bit"},
        {"text": "Bầu Ban Chấp hành Đảng bộ tỉnh"},
        {"int": 0},
        {"int": 17},
        {"int": 2**64 - 1},
        {"hex": point.hex()},
        {"hex": ""},
        {"list": [{"int": 0}, {"int": 1}, {"text": "đồng ý"}, {"list": []}]},
    ]
    items = [item_of(x) for x in items_json]
    return [
        {
            "name": "a fixed statement",
            "items": items_json,
            "encoded": encode(items).hex(),
            "digest": digest(items).hex(),
            "scalar": encode_scalar(challenge(items)),
        }
    ]


def context_vectors() -> list[dict]:
    return [
        {"name": name, **ctx.to_json(), "hash": ctx.hash.hex()} for name, ctx in CONTEXTS.items()
    ]


def encryption_vectors() -> list[dict]:
    rows = []
    for name, m in [("one", 1), ("zero (B = r·K)", 0), ("fifteen", 15)]:
        r = derive(f"encryption/{name}")
        rows.append(
            {
                "name": f"encryption of {name}",
                "public_key": KEY.hex(),
                "m": m,
                "r": encode_scalar(r),
                "ciphertext": encrypt(KEY, m, r).to_json(),
            }
        )
    return rows


def _proof_row(name: str, kind: str, statement: dict, secrets: dict, proof: dict, **extra) -> dict:
    return {"name": name, "kind": kind, "statement": statement, "secrets": secrets,
            "proof": proof, "valid": True, **extra}  # fmt: skip


def _tampered(row: dict, name: str, code: str, *, statement=None, proof=None) -> dict:
    """A copy of a valid proof row with one change, refused with ``code``."""
    copy = json.loads(json.dumps(row))
    copy.pop("secrets")
    copy.pop("note", None)
    copy["name"] = f"{row['name']}: {name}"
    copy["valid"], copy["code"] = False, code
    if statement:
        copy["statement"].update(statement)
    if proof:
        copy["proof"].update(proof)
    return copy


def bit_proof(name: str, m: int, position: int, given: list[int] | None = None, note=None) -> dict:
    ctx = CONTEXTS["strike_out"]
    r = derive(f"{name}/r")
    ct = encrypt(KEY, m, r)
    draws = Draws(name, given)
    proof = prove_bit(ctx.hash, position, KEY, ct, m, r, draws).to_json()
    statement = {"context": "strike_out", "position": position, "ciphertext": ct.to_json(),
                 "values": [0, 1]}  # fmt: skip
    secrets = {"m": m, "r": encode_scalar(r), "draws": draws.hex()}
    extra = {"note": note} if note else {}
    return _proof_row(name, "bit", statement, secrets, proof, **extra)


def range_proof(name: str, m: int, given: list[int] | None = None, note=None, pretend=None):
    """A range proof on a sum of 18 bits; ``pretend`` proves a value the sum does not hold."""
    ctx = CONTEXTS["strike_out"]
    group = layout(ctx).groups[0]
    bits = [1] * m + [0] * (18 - m)
    rs = [derive(f"{name}/r/{i}") for i in range(18)]
    total = add_ciphertexts(encrypt(KEY, b, r) for b, r in zip(bits, rs, strict=True))
    r_sum = sum(rs) % ORDER
    draws = Draws(name, given)
    claimed = m if pretend is None else pretend
    proof = prove_range(
        ctx.hash, 0, group.positions, KEY, total, group.values, claimed, r_sum, draws
    ).to_json()
    statement = {"context": "strike_out", "group": 0, "positions": list(group.positions),
                 "ciphertext": total.to_json(), "values": list(group.values)}  # fmt: skip
    secrets = {"m": m, "r": encode_scalar(r_sum), "draws": draws.hex()}
    extra = {"note": note} if note else {}
    return _proof_row(name, "range", statement, secrets, proof, **extra)


def proof_vectors() -> list[dict]:
    rows: list[dict] = []
    one = bit_proof("bit proof of 1", 1, 4)
    zero = bit_proof("bit proof of 0", 0, 5)
    rows += [one, zero]
    rows.append(
        bit_proof(
            "bit proof of 1, simulated challenge 0", 1, 6,
            given=[0, derive("sim z"), derive("sim w")],
            note="branch 0 is simulated with c_0 = 0, so a_0 = z_0·G and b_0 = z_0·K",
        )
    )  # fmt: skip
    rows.append(
        bit_proof(
            "bit proof of 0, simulated response 0", 0, 7,
            given=[derive("sim w 2"), derive("sim c 2"), 0],
            note="branch 1 is simulated with z_1 = 0, so a_1 = −c_1·A",
        )
    )  # fmt: skip
    rows.append(
        bit_proof(
            "bit proof of 1, simulated challenge and response 0", 1, 8,
            given=[0, 0, derive("sim w 3")],
            note="branch 0 has c_0 = z_0 = 0: its recomputed commitments are the identity",
        )
    )  # fmt: skip
    flipped = {"c": [flip_scalar(one["proof"]["c"][0]), one["proof"]["c"][1]]}
    rows.append(_tampered(one, "challenge changed", "bad_bit_proof", proof=flipped))
    flipped_z = {"z": [one["proof"]["z"][0], flip_scalar(one["proof"]["z"][1])]}
    rows.append(_tampered(one, "response changed", "bad_bit_proof", proof=flipped_z))
    rows.append(_tampered(one, "another position", "bad_bit_proof", statement={"position": 5}))
    rows.append(
        _tampered(
            one, "another poll", "bad_bit_proof", statement={"context": "strike_out_other_poll"}
        )
    )
    over = {"c": [ORDER.__add__(int.from_bytes(bytes.fromhex(one["proof"]["c"][0]), "little"))
                  .to_bytes(32, "little").hex(), one["proof"]["c"][1]]}  # fmt: skip
    rows.append(_tampered(one, "challenge + ℓ", "non_canonical_scalar", proof=over))
    # A prover that claims 1 for a ciphertext of 2 cannot make a proof that verifies.
    two_r = derive("bit of two/r")
    two = encrypt(KEY, 2, two_r)
    lying = prove_bit(CONTEXTS["strike_out"].hash, 4, KEY, two, 1, two_r, Draws("bit of two"))
    rows.append(
        {"name": "bit proof for a ciphertext of 2", "kind": "bit",
         "statement": {"context": "strike_out", "position": 4, "ciphertext": two.to_json(),
                       "values": [0, 1]},
         "proof": lying.to_json(), "valid": False, "code": "bad_bit_proof"}
    )  # fmt: skip

    full = range_proof("range proof of 15 kept", 15)
    rows.append(full)
    sim = [0, derive("range sim z0"), derive("range sim c1"), 0]
    sim += [derive(f"range sim {i}") for i in range(4, 28)] + [derive("range w")]
    rows.append(
        range_proof(
            "range proof of 15 kept, zero challenge and zero response", 15, given=sim,
            note="branch 0 (value 1) has c_0 = 0, branch 1 (value 2) has z_1 = 0",
        )
    )  # fmt: skip
    rows.append(range_proof("range proof of 1 kept", 1))
    rows.append(
        _tampered(full, "challenge changed", "bad_range_proof",
                  proof={"c": [flip_scalar(full["proof"]["c"][0]), *full["proof"]["c"][1:]]})
    )  # fmt: skip
    rows.append(_tampered(full, "another group", "bad_range_proof", statement={"group": 1}))
    for kept in (16, 0):
        bad = range_proof(f"range proof claiming 15 for {kept} kept", kept, pretend=15)
        bad.pop("secrets")
        rows.append({**bad, "valid": False, "code": "bad_range_proof"})

    ctx = CONTEXTS["strike_out"]
    total = encrypt(KEY, 3, derive("decryption/r"))
    share = SHARE_AT(2)
    draws = Draws("decryption")
    d, proof = prove_decryption(ctx.hash, BOARD_HASH, 2, share, 0, total, draws)
    dec = _proof_row(
        "partial decryption by member 2", "decryption",
        {"context": "strike_out", "board_hash": BOARD_HASH.hex(), "x": 2,
         "share_public": base(share).hex(), "position": 0, "ciphertext": total.to_json(),
         "d": d.hex()},
        {"share": encode_scalar(share), "draws": draws.hex()}, proof.to_json(),
    )  # fmt: skip
    rows.append(dec)
    other_d = mul(SHARE_AT(1), total.a).hex()
    rows.append(
        _tampered(dec, "another share's D", "bad_decryption_proof", statement={"d": other_d})
    )
    rows.append(
        _tampered(dec, "another board", "bad_decryption_proof",
                  statement={"board_hash": digest(["another board"]).hex()})
    )  # fmt: skip
    rows.append(
        _tampered(dec, "response changed", "bad_decryption_proof",
                  proof={"z": flip_scalar(dec["proof"]["z"])})
    )  # fmt: skip

    secret = derive("ceremony/member 1/coefficient 0")
    draws = Draws("key proof")
    point, proof = prove_key("ceremony-1", 1, 0, secret, draws)
    key = _proof_row(
        "knowledge of a secret key", "key",
        {"ceremony_id": "ceremony-1", "x": 1, "j": 0, "public": point.hex()},
        {"secret": encode_scalar(secret), "draws": draws.hex()}, proof.to_json(),
    )  # fmt: skip
    rows.append(key)
    rows.append(_tampered(key, "another member", "bad_key_proof", statement={"x": 2}))
    rows.append(
        _tampered(key, "challenge changed", "bad_key_proof",
                  proof={"c": flip_scalar(key["proof"]["c"])})
    )  # fmt: skip
    return rows


def forged_ballot(ctx: PollContext, bits: list[int], claims: list[int], label: str) -> Ballot:
    """Honest 0/1 proofs, but range proofs that claim ``claims`` (what a cheating script does)."""
    shape, q = layout(ctx), ctx.hash
    draws = Draws(label)
    rs = [derive(f"{label}/r/{i}") for i in range(len(bits))]
    cts = [encrypt(KEY, m, r) for m, r in zip(bits, rs, strict=True)]
    bit_proofs = [prove_bit(q, i, KEY, cts[i], bits[i], rs[i], draws) for i in range(len(bits))]
    range_proofs = []
    for index, (group, claim) in enumerate(zip(shape.groups, claims, strict=True)):
        total = add_ciphertexts(cts[p] for p in group.positions)
        r = sum(rs[p] for p in group.positions) % ORDER
        range_proofs.append(
            prove_range(q, index, group.positions, KEY, total, group.values, claim, r, draws)
        )
    return Ballot(tuple(cts), tuple(bit_proofs), tuple(range_proofs))


def honest_ballot(name: str, ctx_name: str, bits: list[int]) -> tuple[dict, Ballot, list[int]]:
    ctx = CONTEXTS[ctx_name]
    draws = Draws(name)
    ballot, rs = build_ballot(ctx, bits, draws)
    row = {"name": name, "context": ctx_name, "choices": bits, "draws": draws.hex(),
           "randomness": [encode_scalar(r) for r in rs], "ballot": ballot.to_json(),
           "tracker": tracker(ctx, ballot), "valid": True}  # fmt: skip
    return row, ballot, rs


def ballot_vectors() -> tuple[list[dict], list[dict]]:
    rows, reveals = [], []
    full, ballot, rs = honest_ballot("strike-out: 15 of 18 kept", "strike_out", STRIKE_15)
    rows.append(full)
    for name, ctx_name, bits in [
        ("strike-out: 1 of 18 kept", "strike_out", [0] * 17 + [1]),
        ("one name, as many as seats: neither", "approval", [0, 0]),
        ("three names, as many as seats: đồng ý, không đồng ý, neither",
         "approval_three", [1, 0, 0, 1, 0, 0]),
        ("resolution: không biểu quyết", "resolution", [0, 0, 1]),
    ]:  # fmt: skip
        rows.append(honest_ballot(name, ctx_name, bits)[0])

    def bad(name: str, ctx_name: str, data: dict, code: str) -> None:
        rows.append(
            {"name": name, "context": ctx_name, "ballot": data, "valid": False, "code": code}
        )

    for name, ctx_name, bits, claims in [
        ("strike-out: 16 kept", "strike_out", [1] * 16 + [0] * 2, [15]),
        ("strike-out: every name struck", "strike_out", [0] * 18, [1]),
        ("as many as seats: đồng ý and không đồng ý both", "approval", [1, 1], [1]),
        ("resolution: two choices", "resolution", [1, 1, 0], [1]),
    ]:
        forged = forged_ballot(CONTEXTS[ctx_name], bits, claims, name)
        bad(name, ctx_name, forged.to_json(), "bad_range_proof")
    data = ballot.to_json()
    swapped = json.loads(json.dumps(data))
    swapped["ciphertexts"][0], swapped["ciphertexts"][1] = (
        data["ciphertexts"][1],
        data["ciphertexts"][0],
    )
    swapped["bit_proofs"][0], swapped["bit_proofs"][1] = (
        data["bit_proofs"][1],
        data["bit_proofs"][0],
    )
    bad(
        "strike-out: two ciphertexts and their proofs swapped",
        "strike_out",
        swapped,
        "bad_bit_proof",
    )
    bad("strike-out: cast in another poll", "strike_out_other_poll", data, "bad_bit_proof")
    short = {**data, "ciphertexts": data["ciphertexts"][:17], "bit_proofs": data["bit_proofs"][:17]}
    bad("strike-out: 17 ciphertexts", "strike_out", short, "wrong_shape")
    ident = json.loads(json.dumps(data))
    ident["ciphertexts"][3]["a"] = IDENTITY.hex()
    bad("strike-out: identity as a ciphertext's first part", "strike_out", ident, "bad_point")
    altered = json.loads(json.dumps(data))
    altered["ciphertexts"][2]["b"] = add(bytes.fromhex(data["ciphertexts"][2]["b"]), BASE).hex()
    bad("strike-out: one ciphertext multiplied by g", "strike_out", altered, "bad_bit_proof")
    over = json.loads(json.dumps(data))
    z = int.from_bytes(bytes.fromhex(data["bit_proofs"][0]["z"][0]), "little") + ORDER
    over["bit_proofs"][0]["z"][0] = z.to_bytes(32, "little").hex()
    bad("strike-out: response + ℓ", "strike_out", over, "non_canonical_scalar")
    upper = json.loads(json.dumps(data))
    upper["ciphertexts"][0]["a"] = data["ciphertexts"][0]["a"].upper()
    bad("strike-out: upper-case hex", "strike_out", upper, "bad_encoding")

    ctx = CONTEXTS["strike_out"]
    reveal = make_reveal(ctx, ballot, STRIKE_15, rs)
    reveals.append({"name": "checked 15-of-18 ballot", "context": "strike_out", "reveal": reveal,
                    "valid": True})  # fmt: skip
    lie = {**reveal, "choices": [1] * 14 + [0, 1, 0, 0]}
    reveals.append({"name": "choices shown differ from the ballot", "context": "strike_out",
                    "reveal": lie, "valid": False, "code": "bad_reveal"})  # fmt: skip
    other_r = {
        **reveal,
        "randomness": [flip_scalar(reveal["randomness"][0]), *reveal["randomness"][1:]],
    }
    reveals.append({"name": "randomness changed", "context": "strike_out", "reveal": other_r,
                    "valid": False, "code": "bad_reveal"})  # fmt: skip
    other_t = {**reveal, "tracker": "00" * 32}
    reveals.append({"name": "tracker changed", "context": "strike_out", "reveal": other_t,
                    "valid": False, "code": "bad_reveal"})  # fmt: skip
    return rows, reveals


def tally_vector(name: str, ctx_name: str, choices: list[list[int]]) -> dict:
    ctx = CONTEXTS[ctx_name]
    ballots = [
        build_ballot(ctx, bits, Draws(f"{name}/ballot {i}"))[0] for i, bits in enumerate(choices)
    ]
    totals = sum_ballots(layout(ctx).size, ballots)
    partials = []
    for x in MEMBERS:
        draws = Draws(f"{name}/member {x}")
        partial = partial_decrypt(ctx.hash, BOARD_HASH, x, SHARE_AT(x), totals, draws)
        partials.append({**partial.to_json(), "draws": draws.hex()})
    counts = [sum(bits[i] for bits in choices) for i in range(layout(ctx).size)]

    def tamper(what: str, code: str, change: Callable[[dict], None]) -> dict:
        copy = json.loads(json.dumps(partials[1]))
        copy.pop("draws")
        change(copy)
        return {"name": f"member 2's {what}", "partial": copy, "code": code}

    def new_z(p: dict) -> None:
        p["proofs"][0]["z"] = flip_scalar(p["proofs"][0]["z"])

    def other_d(p: dict) -> None:
        p["d"][0] = partials[0]["d"][0]

    def not_identity(p: dict) -> None:
        p["d"][0] = BASE.hex()

    tampered = [tamper("first response changed", "bad_decryption_proof", new_z)]
    if choices:
        tampered.append(tamper("first D replaced by member 1's", "bad_decryption_proof", other_d))
    else:
        tampered.append(tamper("D of an empty sum is not the identity", "bad_point", not_identity))
    return {
        "name": name,
        "context": ctx_name,
        "ballots": [b.to_json() for b in ballots],
        "totals": [ct.to_json() for ct in totals.ciphertexts],
        "ballot_count": len(ballots),
        "threshold": THRESHOLD,
        "board_hash": BOARD_HASH.hex(),
        "members": [
            {"x": x, "public": base(SHARE_AT(x)).hex(), "share": encode_scalar(SHARE_AT(x))}
            for x in MEMBERS
        ],  # fmt: skip
        "partials": partials,
        "combinations": [[1, 2], [1, 3], [2, 3]],
        "counts": counts,
        "tampered_partials": tampered,
    }


def tally_vectors() -> list[dict]:
    keep = [
        [1] * 15 + [0] * 3,
        [0, 1] + [1] * 14 + [0, 0],
        [1] * 10 + [0] * 8,
        [0] * 16 + [1, 0],
    ]
    return [
        tally_vector("four strike-out ballots, the last name struck by all", "strike_out", keep),
        tally_vector("a resolution with no electronic ballot", "resolution", []),
    ]


def build() -> dict:
    ballots, reveals = ballot_vectors()
    return {
        "schema": "dangbo-ballots-vectors/1",
        "seed": SEED,
        "group": {"order": str(ORDER), "base": BASE.hex(), "identity": IDENTITY.hex()},
        "points": with_codes(point_vectors()),
        "scalars": scalar_vectors(),
        "hashes": hash_vectors(),
        "contexts": context_vectors(),
        "encryptions": encryption_vectors(),
        "proofs": proof_vectors(),
        "ballots": ballots,
        "reveals": reveals,
        "tallies": tally_vectors(),
    }


def render() -> str:
    return json.dumps(build(), ensure_ascii=False, indent=1) + "\n"


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        if OUT.read_text(encoding="utf-8") != text:
            print(f"{OUT} is out of date: run python -m tests.vectors.make_ballot_vectors")
            return 1
        return 0
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
