"""Delegate cards: the QR token that check-in staff scan, and its QR code.

The token is ``DH1.<congress id>.<sealed>``. ``sealed`` is the delegate's id, his card's
version and the token's last day, sealed with AES-256-GCM under a key derived for this one
purpose from the installation's secret key (``backend/core/sealed.py``), the congress id as
associated data, and written in base 32 (upper case and digits: the QR's compact
alphanumeric mode). So the token

- is authenticated: a changed bit, or a congress id changed in front, does not open;
- hides the delegate's id: only the server reads it;
- is bound to its congress (a card of another congress is named as such), to the delegate and
  his ``card_version`` (a reissued card raises it: the old QR fails), and expires the day after
  the congress's last day (Asia/Ho_Chi_Minh).

Tests move the clock through :func:`now` of this module.
"""

from __future__ import annotations

import base64
import binascii
import re
import struct
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import anyio
import segno

from backend import db
from backend.accounts.identity import Actor
from backend.congress.card_pdf import PrintableCard, printable, render_cards
from backend.congress.policy import POLICY
from backend.congress.records import readable_congress
from backend.congress.tables import Delegate
from backend.congress.timeline import TIMELINE
from backend.core.clock import LOCAL_TZ, now
from backend.core.problems import Problem
from backend.core.sealed import Sealer, Unsealable
from shared.congress import CongressAction, CredentialStatus, DelegateKind
from shared.congress_hall import DelegateCard

PURPOSE = "congress-card"
PREFIX = "DH1"
_PAYLOAD = struct.Struct(">IHH")  # delegate id, card version, last valid day (days since 1970)
_EPOCH = date(1970, 1, 1)
_TOKEN = re.compile(r"^DH1\.([1-9][0-9]{0,9})\.([A-Z2-7]{16,120})$")

DELEGATE_NOT_FOUND = "Không tìm thấy đại biểu này trong đại hội."
NOTHING_TO_PRINT = "Không có đại biểu nào đủ tư cách{where} để in thẻ."


@dataclass(frozen=True)
class CardClaim:
    """What a token that opened says."""

    congress_id: int
    delegate_id: int
    card_version: int
    last_day: date


def forged() -> Problem:
    return Problem(
        422,
        "Mã QR không phải thẻ đại biểu hợp lệ (không đọc được hoặc đã bị sửa). "
        "Đề nghị đại biểu dùng thẻ do Ban Tổ chức cấp, hoặc nhập số thẻ.",
        code="card_invalid",
    )


def expired(last_day: date) -> Problem:
    return Problem(
        422,
        f"Thẻ đại biểu đã hết hạn (hiệu lực đến hết ngày {last_day:%d/%m/%Y}).",
        code="card_expired",
    )


def other_congress() -> Problem:
    return Problem(
        422,
        "Thẻ này là thẻ đại biểu của một đại hội khác, không dùng để điểm danh ở đại hội này.",
        code="card_other_congress",
    )


def superseded() -> Problem:
    return Problem(
        422,
        "Thẻ này đã được cấp lại; thẻ cũ không còn giá trị. Đề nghị đại biểu dùng thẻ mới.",
        code="card_reissued",
    )


def valid_until(last_day: date) -> datetime:
    """The instant the token stops working: the start of the day after its last day, local."""
    return datetime.combine(last_day + timedelta(days=1), time(0), tzinfo=LOCAL_TZ)


class CardTokens:
    """Seals and opens card tokens (no database)."""

    def __init__(self, sealer: Sealer) -> None:
        self._sealer = sealer

    def issue(self, congress_id: int, delegate_id: int, card_version: int, last_day: date) -> str:
        payload = _PAYLOAD.pack(delegate_id, card_version, (last_day - _EPOCH).days)
        sealed = self._sealer.seal_bytes(payload, PURPOSE, str(congress_id))
        text = base64.b32encode(sealed).decode().rstrip("=")
        return f"{PREFIX}.{congress_id}.{text}"

    def open(self, token: str, congress_id: int) -> CardClaim:
        """The claim of a token scanned at ``congress_id``; a Problem for a token that does not
        open, belongs to another congress or has expired (the card version is the caller's to
        compare with the delegate's)."""
        match = _TOKEN.match(token.strip())
        if match is None:
            raise forged()
        body = match.group(2)
        try:
            sealed = base64.b32decode(body + "=" * (-len(body) % 8))
        except (binascii.Error, ValueError) as exc:
            raise forged() from exc
        claimed_congress = int(match.group(1))
        try:
            payload = self._sealer.open_bytes(sealed, PURPOSE, str(claimed_congress))
        except Unsealable as exc:
            raise forged() from exc
        if len(payload) != _PAYLOAD.size:
            raise forged()
        if claimed_congress != congress_id:
            raise other_congress()
        delegate_id, version, days = _PAYLOAD.unpack(payload)
        last_day = _EPOCH + timedelta(days=days)
        if now() >= valid_until(last_day):
            raise expired(last_day)
        return CardClaim(congress_id, delegate_id, version, last_day)


def qr_svg(token: str) -> str:
    """The token's QR code as a standalone SVG (error correction M, a quiet zone of 4)."""
    code = segno.make_qr(token, error="m", boost_error=False)
    return code.svg_inline(scale=4, dark="#000", light="#fff", border=4)


class Cards:
    def __init__(self, tokens: CardTokens) -> None:
        self.tokens = tokens

    def card_of(self, congress: dict, delegate: dict) -> DelegateCard:
        last_day = congress["ends_on"] + timedelta(days=1)
        token = self.tokens.issue(
            congress["id"], delegate["id"], delegate["card_version"], last_day
        )
        return DelegateCard(
            congress_id=congress["id"],
            congress_name=congress["name"],
            delegate_id=delegate["id"],
            full_name=delegate["full_name"],
            delegation=delegate["delegation"],
            organisation_name=delegate["organisation_name"],
            kind=DelegateKind(delegate["kind"]),
            code=delegate["code"],
            card_version=delegate["card_version"],
            token=token,
            qr_svg=qr_svg(token),
            valid_until=valid_until(last_day),
        )

    async def own_card(self, actor: Actor, congress_id: int) -> DelegateCard:
        congress, record = await readable_congress(actor, congress_id)
        POLICY.require(CongressAction.SHOW_CARD, actor, record)
        assert record.delegate_id is not None  # the rule requires it
        return self.card_of(congress, await delegate_row(congress_id, record.delegate_id))

    async def printed_card(self, actor: Actor, congress_id: int, delegate_id: int) -> DelegateCard:
        congress, record = await readable_congress(actor, congress_id)
        POLICY.require(CongressAction.PRINT_CARDS, actor, record)
        return self.card_of(congress, await delegate_row(congress_id, delegate_id))

    async def reissue(self, actor: Actor, congress_id: int, delegate_id: int) -> DelegateCard:
        """A new card: the version goes up, so every QR printed or shown before fails."""
        congress, record = await readable_congress(actor, congress_id)
        POLICY.require(CongressAction.PRINT_CARDS, actor, record)
        delegate = await delegate_row(congress_id, delegate_id)
        async with db.transaction():
            await Delegate.update(
                {Delegate.card_version: Delegate.card_version + 1, Delegate.updated_at: now()}
            ).where(Delegate.id == delegate_id)
            await TIMELINE.record(
                congress_id,
                actor,
                "card_reissued",
                {"delegate_id": delegate_id, "card_version": delegate["card_version"] + 1},
            )
        return self.card_of(congress, await delegate_row(congress_id, delegate_id))

    async def own_card_pdf(self, actor: Actor, congress_id: int) -> tuple[bytes, str]:
        """The caller's own card as a PDF to print, and its file name."""
        card = await self.own_card(actor, congress_id)
        return await _pdf([printable(card)], card.code)

    async def printed_card_pdf(
        self, actor: Actor, congress_id: int, delegate_id: int
    ) -> tuple[bytes, str]:
        """One delegate's card as a PDF (the organising committee: a reissued card)."""
        card = await self.printed_card(actor, congress_id, delegate_id)
        return await _pdf([printable(card)], card.code)

    async def batch_pdf(
        self, actor: Actor, congress_id: int, delegation: str | None = None
    ) -> tuple[bytes, str]:
        """The cards of every delegate whose credentials were accepted (or of one
        delegation's), by delegation then số thẻ, eight to an A4 page: the organising
        committee prints and cuts them. Rendered at each request, never stored: a fresh
        token per card, always of the current card version."""
        congress, record = await readable_congress(actor, congress_id)
        POLICY.require(CongressAction.PRINT_CARDS, actor, record)
        where = (Delegate.congress == congress_id) & (
            Delegate.credential_status == CredentialStatus.ACCEPTED.value
        )
        delegation = " ".join((delegation or "").split())
        if delegation:
            where &= Delegate.delegation == delegation
        rows = await Delegate.select(
            Delegate.id,
            Delegate.full_name,
            Delegate.kind,
            Delegate.delegation,
            Delegate.code,
            Delegate.card_version,
        ).where(where)
        if not rows:
            where_text = f" trong “{delegation}”" if delegation else ""
            raise Problem(404, NOTHING_TO_PRINT.format(where=where_text), code="no_cards")
        last_day = congress["ends_on"] + timedelta(days=1)
        rows.sort(key=lambda r: (r["delegation"], r["code"]))
        cards = [
            PrintableCard(
                congress_name=congress["name"],
                full_name=r["full_name"],
                kind=DelegateKind(r["kind"]),
                delegation=r["delegation"],
                code=r["code"],
                card_version=r["card_version"],
                token=self.tokens.issue(congress_id, r["id"], r["card_version"], last_day),
                last_day=last_day,
            )
            for r in rows
        ]
        return await _pdf(cards, str(congress_id))


async def _pdf(cards: list[PrintableCard], name: str) -> tuple[bytes, str]:
    # Rendering is CPU work (~3 ms a card): in a worker thread, off the event loop.
    content = await anyio.to_thread.run_sync(render_cards, cards, "Thẻ đại biểu")
    return content, f"the-dai-bieu-{name}.pdf"


async def delegate_row(congress_id: int, delegate_id: int) -> dict:
    row = (
        await Delegate.select()
        .where((Delegate.id == delegate_id) & (Delegate.congress == congress_id))
        .first()
    )
    if row is None:
        raise Problem(404, DELEGATE_NOT_FOUND, code="delegate_not_found")
    return row
