"""The secret-ballot cryptography against its known-answer vectors (tests/vectors/ballots.json,
which the JavaScript implementation runs too), plus round trips, tampering and edge cases."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backend.ballots.crypto import group
from backend.ballots.crypto.ballot import (
    Ballot,
    build_ballot,
    layout,
    make_reveal,
    tracker,
    verify_ballot,
    verify_ballot_json,
    verify_reveal,
)
from backend.ballots.crypto.context import PollContext
from backend.ballots.crypto.elgamal import Ciphertext, add_ciphertexts, encrypt
from backend.ballots.crypto.errors import MESSAGES, BallotCryptoError
from backend.ballots.crypto.group import (
    BASE,
    IDENTITY,
    ORDER,
    add,
    base,
    decode_point,
    decode_scalar,
    encode_scalar,
    mul,
    random_scalar,
    sub,
)
from backend.ballots.crypto.hashing import challenge, digest, encode
from backend.ballots.crypto.proofs import (
    DisjunctiveProof,
    ScalarProof,
    check_key,
    prove_bit,
    prove_decryption,
    prove_key,
    prove_range,
    verify_bit,
    verify_decryption,
    verify_key,
    verify_range,
)
from backend.ballots.crypto.tally import (
    PartialDecryption,
    check_partial,
    combine,
    partial_decrypt,
    sum_ballots,
)
from tests.vectors import ballot_fixtures as fixtures
from tests.vectors import make_ballot_vectors as maker

VECTORS_PATH = Path(__file__).resolve().parent.parent / "vectors" / "ballots.json"
VECTORS = json.loads(VECTORS_PATH.read_text(encoding="utf-8"))
CONTEXTS = {row["name"]: PollContext.from_json(row) for row in VECTORS["contexts"]}


def names(section: str) -> list[str]:
    return [row["name"] for row in VECTORS[section]]


def row_of(section: str, name: str) -> dict:
    return next(row for row in VECTORS[section] if row["name"] == name)


class Scripted:
    """A scalar source that replays the vectors' recorded draws."""

    def __init__(self, draws: list[str]) -> None:
        self._draws = iter(draws)

    def __call__(self) -> int:
        return decode_scalar(next(self._draws))


# --- the file itself ---------------------------------------------------------------------------


def test_vectors_file_is_what_the_script_makes():
    assert maker.render() == VECTORS_PATH.read_text(encoding="utf-8")


def test_group_constants():
    assert VECTORS["group"] == {"order": str(ORDER), "base": BASE.hex(), "identity": IDENTITY.hex()}
    assert base(1) == BASE
    assert base(ORDER - 1) == sub(IDENTITY, BASE)


# --- encodings ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", names("points"))
def test_point_vector(name):
    row = row_of("points", name)
    if row["valid"]:
        assert decode_point(row["hex"]).hex() == row["hex"]
    else:
        with pytest.raises(BallotCryptoError) as refused:
            decode_point(row["hex"])
        assert refused.value.code == row["code"]


@pytest.mark.parametrize("name", names("scalars"))
def test_scalar_vector(name):
    row = row_of("scalars", name)
    if row["valid"]:
        assert encode_scalar(decode_scalar(row["hex"])) == row["hex"]
    else:
        with pytest.raises(BallotCryptoError) as refused:
            decode_scalar(row["hex"])
        assert refused.value.code == row["code"]


def test_hash_vector():
    for row in VECTORS["hashes"]:
        items = [fixtures.item_of(x) for x in row["items"]]
        assert encode(items).hex() == row["encoded"]
        assert digest(items).hex() == row["digest"]
        assert encode_scalar(challenge(items)) == row["scalar"]


def test_hash_is_length_prefixed_and_typed():
    assert encode(["ab", "c"]) != encode(["a", "bc"])
    assert encode([[1, 2], 3]) != encode([[1], 2, 3])
    with pytest.raises(TypeError):
        encode([True])
    with pytest.raises(ValueError):
        encode([2**64])


def test_context_hash_vectors():
    for row in VECTORS["contexts"]:
        assert CONTEXTS[row["name"]].hash.hex() == row["hash"]


def test_encryption_vectors():
    for row in VECTORS["encryptions"]:
        key = decode_point(row["public_key"])
        ct = encrypt(key, row["m"], decode_scalar(row["r"]))
        assert ct.to_json() == row["ciphertext"]


# --- zero and the identity ----------------------------------------------------------------------


def test_zero_scalar_and_identity_are_explicit():
    p = base(random_scalar())
    assert base(0) == IDENTITY
    assert mul(0, p) == IDENTITY
    assert mul(ORDER, p) == IDENTITY
    assert mul(7, IDENTITY) == IDENTITY
    assert add(p, IDENTITY) == p
    assert sub(p, p) == IDENTITY
    assert mul(3, p) == add(p, add(p, p))


def test_encryption_of_zero_is_r_times_key():
    key = base(random_scalar())
    r = random_scalar()
    assert encrypt(key, 0, r) == Ciphertext(base(r), mul(r, key))
    with pytest.raises(ValueError):
        encrypt(key, 1, 0)


def test_random_scalars_are_canonical_and_nonzero():
    drawn = {random_scalar() for _ in range(50)}
    assert len(drawn) == 50
    assert all(0 < k < ORDER for k in drawn)


def test_a_received_ciphertext_refuses_the_identity():
    ct = encrypt(base(random_scalar()), 1, random_scalar()).to_json()
    with pytest.raises(BallotCryptoError) as refused:
        Ciphertext.from_json({**ct, "b": IDENTITY.hex()})
    assert refused.value.code == "bad_point"


# --- proofs -------------------------------------------------------------------------------------


def verify_proof_row(row: dict) -> bool:
    """Parse a proof row as a verifier receives it and check it (raises on bad encodings)."""
    st_ = row["statement"]
    kind = row["kind"]
    if kind == "key":
        proof = ScalarProof.from_json(row["proof"])
        point = decode_point(st_["public"])
        return verify_key(st_["ceremony_id"], st_["x"], st_["j"], point, proof)
    ctx = CONTEXTS[st_["context"]]
    ct = Ciphertext.from_json(st_["ciphertext"])
    if kind == "decryption":
        proof = ScalarProof.from_json(row["proof"])
        return verify_decryption(
            ctx.hash,
            bytes.fromhex(st_["board_hash"]),
            st_["x"],
            decode_point(st_["share_public"]),
            st_["position"],
            ct,
            decode_point(st_["d"]),
            proof,
        )
    proof = DisjunctiveProof.from_json(row["proof"], len(st_["values"]))
    if kind == "bit":
        return verify_bit(ctx.hash, st_["position"], ctx.public_key, ct, proof)
    return verify_range(
        ctx.hash, st_["group"], st_["positions"], ctx.public_key, ct, st_["values"], proof
    )


FAILED = {
    "bit": "bad_bit_proof",
    "range": "bad_range_proof",
    "decryption": "bad_decryption_proof",
    "key": "bad_key_proof",
}


@pytest.mark.parametrize("name", names("proofs"))
def test_proof_vector(name):
    row = row_of("proofs", name)
    if row["valid"]:
        assert verify_proof_row(row)
        return
    try:
        ok = verify_proof_row(row)
    except BallotCryptoError as refused:
        assert refused.code == row["code"]
        return
    assert not ok
    assert FAILED[row["kind"]] == row["code"]


@pytest.mark.parametrize("name", [r["name"] for r in VECTORS["proofs"] if "secrets" in r])
def test_proof_vector_is_reproduced_from_its_secrets(name):
    row = row_of("proofs", name)
    st_, secrets = row["statement"], row["secrets"]
    draws = Scripted(secrets["draws"])
    if row["kind"] == "key":
        point, proof = prove_key(
            st_["ceremony_id"], st_["x"], st_["j"], decode_scalar(secrets["secret"]), draws
        )
        assert point.hex() == st_["public"]
    else:
        ctx = CONTEXTS[st_["context"]]
        ct = Ciphertext.from_json(st_["ciphertext"])
        if row["kind"] == "decryption":
            share = decode_scalar(secrets["share"])
            board = bytes.fromhex(st_["board_hash"])
            d, proof = prove_decryption(
                ctx.hash, board, st_["x"], share, st_["position"], ct, draws
            )
            assert d.hex() == st_["d"]
        elif row["kind"] == "bit":
            r = decode_scalar(secrets["r"])
            proof = prove_bit(ctx.hash, st_["position"], ctx.public_key, ct, secrets["m"], r, draws)
        else:
            r = decode_scalar(secrets["r"])
            proof = prove_range(
                ctx.hash, st_["group"], st_["positions"], ctx.public_key, ct, st_["values"],
                secrets["m"], r, draws,
            )  # fmt: skip
    assert proof.to_json() == row["proof"]


def test_a_key_proof_for_another_ceremony_is_refused():
    row = row_of("proofs", "knowledge of a secret key")
    st_ = row["statement"]
    point, proof = decode_point(st_["public"]), ScalarProof.from_json(row["proof"])
    check_key(st_["ceremony_id"], st_["x"], st_["j"], point, proof)
    with pytest.raises(BallotCryptoError, match="bad_key_proof"):
        check_key("ceremony-2", st_["x"], st_["j"], point, proof)


def test_vectors_hold_zero_challenge_and_zero_response_branches():
    noted = [r for r in VECTORS["proofs"] if r.get("note")]
    scalars = [s for r in noted for s in [*r["proof"]["c"], *r["proof"]["z"]]]
    assert encode_scalar(0) in scalars
    assert all(r["valid"] for r in noted)


# --- ballots ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", names("ballots"))
def test_ballot_vector(name):
    row = row_of("ballots", name)
    ctx = CONTEXTS[row["context"]]
    if row["valid"]:
        ballot = verify_ballot_json(ctx, row["ballot"])
        assert tracker(ctx, ballot) == row["tracker"]
        rebuilt, rs = build_ballot(ctx, row["choices"], Scripted(row["draws"]))
        assert rebuilt.to_json() == row["ballot"]
        assert [encode_scalar(r) for r in rs] == row["randomness"]
    else:
        with pytest.raises(BallotCryptoError) as refused:
            verify_ballot_json(ctx, row["ballot"])
        assert refused.value.code == row["code"]


def test_the_strike_out_vector_is_18_candidates_15_seats():
    row = row_of("ballots", "strike-out: 15 of 18 kept")
    ctx = CONTEXTS[row["context"]]
    assert (len(ctx.choices), ctx.seats, len(row["ballot"]["ciphertexts"])) == (18, 15, 18)
    assert len(row["ballot"]["range_proofs"][0]["c"]) == 15


@pytest.mark.parametrize("name", names("reveals"))
def test_reveal_vector(name):
    row = row_of("reveals", name)
    ctx = CONTEXTS[row["context"]]
    if row["valid"]:
        assert verify_reveal(ctx, row["reveal"]) == row["reveal"]["choices"]
    else:
        with pytest.raises(BallotCryptoError) as refused:
            verify_reveal(ctx, row["reveal"])
        assert refused.value.code == row["code"]


@pytest.mark.parametrize(
    ("context", "bits"),
    [
        ("strike_out", [0] * 18),
        ("strike_out", [1] * 16 + [0, 0]),
        ("approval", [1, 1]),
        ("resolution", [0, 0, 0]),
        ("resolution", [1, 0, 1]),
        ("resolution", [1, 0]),
        ("approval_three", [2, 0, 0, 0, 0, 0]),
    ],
)
def test_a_ballot_outside_the_rule_is_not_built(context, bits):
    with pytest.raises(BallotCryptoError) as refused:
        build_ballot(CONTEXTS[context], bits)
    assert refused.value.code == "bad_choice"


def test_each_tampering_of_a_fresh_ballot_is_refused():
    ctx = CONTEXTS["strike_out"]
    ballot, _ = build_ballot(ctx, [1] * 15 + [0] * 3)
    verify_ballot(ctx, ballot)
    cts = list(ballot.ciphertexts)
    cts[5] = Ciphertext(cts[5].a, add(cts[5].b, BASE))
    with pytest.raises(BallotCryptoError, match="bad_bit_proof"):
        verify_ballot(ctx, Ballot(tuple(cts), ballot.bit_proofs, ballot.range_proofs))
    proofs = list(ballot.range_proofs)
    proofs[0] = DisjunctiveProof(proofs[0].c, (proofs[0].z[0] + 1, *proofs[0].z[1:]))
    with pytest.raises(BallotCryptoError, match="bad_range_proof"):
        verify_ballot(ctx, Ballot(ballot.ciphertexts, ballot.bit_proofs, tuple(proofs)))
    with pytest.raises(BallotCryptoError, match="wrong_shape"):
        verify_ballot(ctx, Ballot(ballot.ciphertexts[:-1], ballot.bit_proofs, ballot.range_proofs))
    other = PollContext.from_json({**ctx.to_json(), "question": ctx.question + " "})
    with pytest.raises(BallotCryptoError, match="bad_bit_proof"):
        verify_ballot(other, ballot)


def test_tracker_changes_with_any_part_of_the_ballot():
    ctx = CONTEXTS["resolution"]
    ballot, _ = build_ballot(ctx, [1, 0, 0])
    again, _ = build_ballot(ctx, [1, 0, 0])
    assert tracker(ctx, ballot) != tracker(ctx, again)
    mixed = Ballot(ballot.ciphertexts, ballot.bit_proofs, again.range_proofs)
    assert tracker(ctx, mixed) != tracker(ctx, ballot)
    assert len(tracker(ctx, ballot)) == 64


# --- tally --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", names("tallies"))
def test_tally_vector(name):
    row = row_of("tallies", name)
    ctx = CONTEXTS[row["context"]]
    ballots = [verify_ballot_json(ctx, b) for b in row["ballots"]]
    totals = sum_ballots(layout(ctx).size, ballots)
    assert [ct.to_json() for ct in totals.ciphertexts] == row["totals"]
    board = bytes.fromhex(row["board_hash"])
    publics = {m["x"]: decode_point(m["public"]) for m in row["members"]}
    partials = {p["x"]: PartialDecryption.from_json(without_draws(p)) for p in row["partials"]}
    for member in row["members"]:
        made = partial_decrypt(
            ctx.hash, board, member["x"], decode_scalar(member["share"]), totals,
            Scripted(next(p["draws"] for p in row["partials"] if p["x"] == member["x"])),
        )  # fmt: skip
        assert made == partials[member["x"]]
    for xs in row["combinations"]:
        chosen = [partials[x] for x in xs]
        counts = combine(ctx.hash, board, totals, row["threshold"], publics, chosen)
        assert counts == row["counts"]
    for bad in row["tampered_partials"]:
        partial = PartialDecryption.from_json(bad["partial"])
        with pytest.raises(BallotCryptoError) as refused:
            check_partial(ctx.hash, board, publics[partial.x], totals, partial)
        assert refused.value.code == bad["code"]
    with pytest.raises(BallotCryptoError, match="not_enough_shares"):
        combine(ctx.hash, board, totals, row["threshold"], publics, [partials[1]])
    with pytest.raises(BallotCryptoError, match="wrong_shape"):
        combine(ctx.hash, board, totals, row["threshold"], publics, [partials[1], partials[1]])
    with pytest.raises(BallotCryptoError, match="wrong_shape"):
        PartialDecryption.from_json(row["partials"][0])  # an unknown key ("draws")


def without_draws(partial: dict) -> dict:
    return {k: v for k, v in partial.items() if k != "draws"}


def test_a_total_of_zero_and_an_empty_tally_decrypt_to_zero():
    zero_total = row_of("tallies", "four strike-out ballots, the last name struck by all")
    assert zero_total["counts"][17] == 0
    empty = row_of("tallies", "a resolution with no electronic ballot")
    assert empty["counts"] == [0, 0, 0]
    assert all(ct == {"a": IDENTITY.hex(), "b": IDENTITY.hex()} for ct in empty["totals"])


def test_a_partial_decryption_with_the_wrong_share_is_refused():
    row = row_of("tallies", "four strike-out ballots, the last name struck by all")
    ctx = CONTEXTS[row["context"]]
    totals = sum_ballots(18, [verify_ballot_json(ctx, b) for b in row["ballots"]])
    board = bytes.fromhex(row["board_hash"])
    publics = {m["x"]: decode_point(m["public"]) for m in row["members"]}
    wrong = partial_decrypt(ctx.hash, board, 2, random_scalar(), totals)
    with pytest.raises(BallotCryptoError, match="bad_decryption_proof"):
        check_partial(ctx.hash, board, publics[2], totals, wrong)


def test_no_discrete_log_beyond_the_ballot_count():
    ctx = CONTEXTS["resolution"]
    secret = fixtures.SECRET
    ballots = [build_ballot(ctx, [1, 0, 0])[0] for _ in range(2)]
    totals = sum_ballots(3, ballots)
    short = type(totals)(totals.ciphertexts, 1)  # claims one ballot where there are two
    board = bytes(64)
    partials = [partial_decrypt(ctx.hash, board, x, fixtures.SHARE_AT(x), short) for x in (1, 2)]
    publics = {x: base(fixtures.SHARE_AT(x)) for x in (1, 2)}
    with pytest.raises(BallotCryptoError, match="no_discrete_log"):
        combine(ctx.hash, board, short, 2, publics, partials)
    assert base(secret) == ctx.public_key


# --- properties ---------------------------------------------------------------------------------


@settings(max_examples=12, deadline=None)
@given(st.lists(st.lists(st.integers(0, 2), min_size=3, max_size=3), min_size=0, max_size=4))
def test_approval_ballots_round_trip_and_tally(votes):
    """Random ballots for three names (0 neither, 1 đồng ý, 2 không đồng ý): each verifies after a
    JSON round trip, a Benaloh reveal checks, and the tally counts each box."""
    ctx = CONTEXTS["approval_three"]
    ballots, expected = [], [0] * 6
    for vote in votes:
        bits = [int(v == 1 + side) for v in vote for side in (0, 1)]
        ballot, rs = build_ballot(ctx, bits)
        parsed = verify_ballot_json(ctx, json.loads(json.dumps(ballot.to_json())))
        assert parsed == ballot
        assert verify_reveal(ctx, make_reveal(ctx, ballot, bits, rs)) == bits
        ballots.append(ballot)
        expected = [e + b for e, b in zip(expected, bits, strict=True)]
    totals = sum_ballots(6, ballots)
    board = digest(["board", str(len(votes))])
    partials = [partial_decrypt(ctx.hash, board, x, fixtures.SHARE_AT(x), totals) for x in (3, 2)]
    publics = {x: base(fixtures.SHARE_AT(x)) for x in (1, 2, 3)}
    assert combine(ctx.hash, board, totals, 2, publics, partials) == expected


@settings(max_examples=20, deadline=None)
@given(st.integers(0, ORDER - 1), st.integers(0, ORDER - 1), st.sampled_from([0, 1]))
def test_any_challenge_and_response_in_a_simulated_branch(c, z, m):
    """Zero or not, a simulated branch's scalars give a proof that verifies."""
    key = CONTEXTS["strike_out"].public_key
    q = CONTEXTS["strike_out"].hash
    r = random_scalar()
    ct = encrypt(key, m, r)
    given_draws = iter([c, z, 5] if m == 1 else [5, c, z])
    proof = prove_bit(q, 0, key, ct, m, r, lambda: next(given_draws))
    assert verify_bit(q, 0, key, ct, proof)
    assert not verify_bit(q, 1, key, ct, proof)


@settings(max_examples=30, deadline=None)
@given(st.binary(min_size=32, max_size=32))
def test_decode_point_accepts_exactly_valid_non_identity_points(raw):
    try:
        point = decode_point(raw.hex())
    except BallotCryptoError as refused:
        assert refused.code == "bad_point"
    else:
        assert point != IDENTITY
        assert mul(ORDER - 1, point) == sub(IDENTITY, point)


def test_homomorphic_sum():
    key = base(random_scalar())
    r1, r2 = random_scalar(), random_scalar()
    total = add_ciphertexts([encrypt(key, 1, r1), encrypt(key, 0, r2), encrypt(key, 1, r2)])
    assert total == encrypt(key, 2, (r1 + 2 * r2) % ORDER)
    assert add_ciphertexts([]) == Ciphertext(IDENTITY, IDENTITY)


# --- what the code must not contain -------------------------------------------------------------


PACKAGE = Path(group.__file__).resolve().parent


# Decryption exists only as a member's share of the totals (and its proof).
PARTIAL_ONLY = {"partial_decrypt", "prove_decryption", "verify_decryption", "_decryption_items"}


def test_no_function_decrypts_with_a_whole_key_and_no_weak_randomness():
    for path in PACKAGE.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                modules = (
                    [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module]
                )
                assert "random" not in modules, path
            if isinstance(node, ast.FunctionDef) and "decrypt" in node.name:
                assert node.name in PARTIAL_ONLY, (
                    path,
                    node.name,
                )


def test_every_error_code_has_a_vietnamese_message():
    codes = {
        r.get("code")
        for s in ("points", "scalars", "proofs", "ballots", "reveals")
        for r in VECTORS[s]
    }
    codes.discard(None)
    assert codes <= set(MESSAGES)
    assert all(any(ch in m for ch in "ăâđêôơư") for m in MESSAGES.values())
