"""``dangbo ca …``: the local CA and signers' certificates."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12

from backend.settings import get_settings
from shared.clock import dmy_hm

KEY_PASSWORD_ENV = "DANGBO_IMPORT_KEY_PASSWORD"


def _certificates():  # -> CertificateService (imported lazily, for a fast --help)
    from backend.domains import build_services
    from backend.signing.certificates import CertificateService

    return build_services(get_settings()).get(CertificateService)


def _run_db(work) -> Any:  # noqa: ANN001
    from backend import db

    return db.run(work, get_settings().database_url)


def _print_certificate(info) -> None:  # noqa: ANN001
    print(f"Người ký:   {info.subject_name} ({info.organisation})")
    print(f"Cấp bởi:    {info.issuer}")
    print(f"Số hiệu:    {info.serial}")
    print(f"SHA-256:    {info.fingerprint_sha256}")
    print(f"Hiệu lực:   {dmy_hm(info.not_before)} → {dmy_hm(info.not_after)}")


async def _user_id(username: str) -> int:
    from backend.accounts.tables import User
    from backend.core.problems import Problem

    row = await User.select(User.id).where(User.username == username.strip().lower()).first()
    if row is None:
        raise Problem(404, f"Không có người dùng '{username}'.", code="unknown_user")
    return row["id"]


def cmd_ca_init(args: argparse.Namespace) -> int:
    from backend.signing import ca as local_ca

    settings = get_settings()
    if local_ca.ca_exists(settings) and not args.force:
        cert = local_ca.load_ca_certificate(settings)
        print(
            f"CA đã tồn tại: {local_ca.common_name(cert)} ({settings.ca_path}). Không ghi đè; "
            "dùng --force để tạo CA mới."
        )
        return 0

    async def root_name() -> str | None:
        from backend.orgs.tables import Organisation

        row = (
            await Organisation.select(Organisation.name)
            .where(Organisation.parent.is_null())
            .order_by(Organisation.id)
            .first()
        )
        return row["name"] if row else None

    name = args.org_name
    if not name:
        try:
            name = _run_db(root_name)
        except Exception:  # noqa: BLE001 - database not migrated yet
            name = None
    if not name:
        print(
            "Chưa có tổ chức gốc trong cơ sở dữ liệu: chạy `dangbo migrate` và `dangbo "
            'seed-demo`, hoặc dùng --org-name "Tỉnh ủy …".',
            file=sys.stderr,
        )
        return 2
    try:
        authority = local_ca.init_ca(settings, name.strip(), force=args.force)
    except local_ca.CAError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    if args.force:
        _run_db(_supersede_old_ca_keys)
    print(f"Đã tạo CA: {authority.name}")
    print(f"Chứng thư gốc: {local_ca.ca_files(settings)[0]}")
    print(f"SHA-256: {local_ca.fingerprint(authority.certificate)}")
    return 0


async def _supersede_old_ca_keys() -> int:
    """Keys issued by a replaced CA no longer chain to a trusted root: stop using them (the
    next signature gets a certificate from the new CA)."""
    from backend import db
    from backend.audit import services as audit
    from backend.core.clock import now
    from backend.signing.tables import SigningKey

    async with db.transaction():
        retired = (
            await SigningKey.update(
                {
                    SigningKey.revoked_at: now(),
                    SigningKey.revocation_reason: "superseded",
                    SigningKey.sealed_key: b"",
                }
            )
            .where((SigningKey.source == "local_ca") & SigningKey.revoked_at.is_null())
            .returning(SigningKey.id)
        )
        await audit.record("signing.ca_replaced", detail={"superseded_keys": len(retired)})
    return len(retired)


def cmd_ca_issue(args: argparse.Namespace) -> int:
    from backend.core.problems import Problem

    certificates = _certificates()

    async def work():
        user_id = await _user_id(args.user)
        return await certificates.issue_certificate(user_id, replace=True)

    try:
        info = _run_db(work)
    except Problem as problem:
        print(problem.detail, file=sys.stderr)
        return 1
    print("Đã cấp chứng thư số:")
    _print_certificate(info)
    return 0


def _password(prompt: str) -> bytes | None:
    if os.environ.get(KEY_PASSWORD_ENV):
        return os.environ[KEY_PASSWORD_ENV].encode()
    if sys.stdin.isatty():
        return getpass.getpass(prompt).encode() or None
    return None


def _load_import(args: argparse.Namespace) -> tuple[x509.Certificate, Any, list[x509.Certificate]]:
    from backend.signing.ca import load_pem_certificates

    chain: list[x509.Certificate] = []
    if args.p12:
        data = Path(args.p12).read_bytes()
        try:
            key, cert, extra = pkcs12.load_key_and_certificates(data, None)
        except ValueError:
            key, cert, extra = pkcs12.load_key_and_certificates(
                data, _password("Mật khẩu tệp .p12: ")
            )
        if key is None or cert is None:
            raise ValueError("Tệp .p12 không có đủ chứng thư và khóa bí mật")
        chain.extend(extra or [])
    else:
        if not (args.cert and args.key):
            raise ValueError("Cần --p12, hoặc cả --cert và --key")
        certs = load_pem_certificates(Path(args.cert).read_bytes())
        if not certs:
            raise ValueError(f"Không có chứng thư PEM trong {args.cert}")
        cert, chain = certs[0], certs[1:]
        key_data = Path(args.key).read_bytes()
        try:
            key = serialization.load_pem_private_key(key_data, password=None)
        except TypeError:  # encrypted: needs a password
            key = serialization.load_pem_private_key(key_data, _password("Mật khẩu khóa: "))
    if args.chain:
        chain.extend(load_pem_certificates(Path(args.chain).read_bytes()))
    return cert, key, chain


def cmd_ca_import_user(args: argparse.Namespace) -> int:
    from backend.core.problems import Problem

    try:
        cert, key, chain = _load_import(args)
    except TypeError:
        print(
            f"Khóa bí mật được mã hóa: đặt mật khẩu trong ${KEY_PASSWORD_ENV} (hoặc chạy "
            "lệnh trong một terminal để được hỏi mật khẩu).",
            file=sys.stderr,
        )
        return 2
    except OSError as exc:
        print(f"Không mở được tệp: {exc.filename}", file=sys.stderr)
        return 2
    except ValueError as exc:
        reason = (
            str(exc)
            if str(exc).startswith(("Cần", "Tệp", "Không"))
            else ("sai mật khẩu hoặc tệp không đúng định dạng")
        )
        print(f"Không đọc được chứng thư hoặc khóa: {reason}.", file=sys.stderr)
        return 2
    certificates = _certificates()

    async def work():
        user_id = await _user_id(args.user)
        return await certificates.import_certificate(user_id, cert, key, chain)

    try:
        info = _run_db(work)
    except Problem as problem:
        print(problem.detail, file=sys.stderr)
        return 1
    print("Đã nhập chứng thư số:")
    _print_certificate(info)
    return 0


def cmd_ca_revoke(args: argparse.Namespace) -> int:
    from backend.core.problems import Problem

    certificates = _certificates()

    async def work():
        return await certificates.revoke_certificate(await _user_id(args.user))

    try:
        info = _run_db(work)
    except Problem as problem:
        print(problem.detail, file=sys.stderr)
        return 1
    if info is None:
        print(f"Người dùng {args.user} không có chứng thư số đang hiệu lực.")
        return 0
    print("Đã thu hồi chứng thư số:")
    _print_certificate(info)
    return 0


def cmd_ca_show(args: argparse.Namespace) -> int:
    from backend.signing import ca as local_ca
    from backend.signing.trust import configured_roots

    settings = get_settings()
    cert = local_ca.load_ca_certificate(settings)
    if cert is None:
        print("Chưa có CA nội bộ (chạy `dangbo ca init`).")
    else:
        print(f"CA nội bộ: {local_ca.common_name(cert)}")
        print(f"SHA-256:   {local_ca.fingerprint(cert)}")
        print(
            f"Hiệu lực:  {dmy_hm(cert.not_valid_before_utc)} → {dmy_hm(cert.not_valid_after_utc)}"
        )
    roots = configured_roots(settings)
    for root in roots:
        print(f"Gốc tin cậy cấu hình: {local_ca.common_name(root)} ({local_ca.fingerprint(root)})")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    ca = sub.add_parser("ca", help="CA nội bộ và chứng thư số của người ký")
    ca_sub = ca.add_subparsers(dest="ca_command", required=True)

    init = ca_sub.add_parser("init", help="tạo CA nội bộ của tổ chức (không ghi đè)")
    init.add_argument("--org-name", help="tên tổ chức (mặc định: tổ chức gốc)")
    init.add_argument("--force", action="store_true", help="tạo CA mới thay CA đang có")
    init.set_defaults(func=cmd_ca_init)

    issue = ca_sub.add_parser("issue", help="cấp (hoặc cấp lại) chứng thư số cho người dùng")
    issue.add_argument("--user", required=True, help="tên đăng nhập")
    issue.set_defaults(func=cmd_ca_issue)

    imp = ca_sub.add_parser(
        "import-user", help="dùng chứng thư số của tổ chức chứng thực thật cho người dùng"
    )
    imp.add_argument("--user", required=True, help="tên đăng nhập")
    imp.add_argument("--cert", help="chứng thư PEM (có thể kèm chuỗi)")
    imp.add_argument("--key", help="khóa bí mật PEM (mật khẩu: $" + KEY_PASSWORD_ENV + ")")
    imp.add_argument("--p12", help="hoặc tệp PKCS#12 (.p12/.pfx) chứa chứng thư và khóa")
    imp.add_argument("--chain", help="chuỗi chứng thư trung gian PEM")
    imp.set_defaults(func=cmd_ca_import_user)

    revoke = ca_sub.add_parser("revoke", help="thu hồi chứng thư số của người dùng")
    revoke.add_argument("--user", required=True, help="tên đăng nhập")
    revoke.set_defaults(func=cmd_ca_revoke)

    ca_sub.add_parser("show", help="xem CA và gốc tin cậy").set_defaults(func=cmd_ca_show)
