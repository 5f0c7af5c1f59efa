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


def _authority():  # -> CertificateAuthority
    from backend.domains import build_services
    from backend.signing.authority import CertificateAuthority

    return build_services(get_settings()).get(CertificateAuthority)


def cmd_ca_init(args: argparse.Namespace) -> int:
    """Safe on any machine, any number of times: the CA lives in the shared database, and an
    existing one is kept unless ``--force``."""
    from backend.orgs.tables import Organisation
    from backend.signing import ca as local_ca
    from backend.signing.keys import fingerprint

    authority = _authority()

    async def work() -> tuple[object, bool] | None:
        name = args.org_name
        if not name and (args.force or await authority.load() is None):
            row = (
                await Organisation.select(Organisation.name)
                .where(Organisation.parent.is_null())
                .order_by(Organisation.id)
                .first()
            )
            name = row["name"] if row else None
        if not name:
            existing = await authority.load()
            return (existing, False) if existing is not None else None
        return await authority.init(name.strip(), force=args.force)

    try:
        result = _run_db(work)
    except local_ca.CAError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    if result is None:
        print(
            "Chưa có tổ chức gốc trong cơ sở dữ liệu: chạy `dangbo migrate` và `dangbo "
            'seed-demo`, hoặc dùng --org-name "Tỉnh ủy …".',
            file=sys.stderr,
        )
        return 2
    ca, created = result
    if created:
        print(f"Đã tạo CA: {ca.name} (lưu trong cơ sở dữ liệu, khóa được mã hóa).")
        if args.force:
            print("Các chứng thư do CA cũ cấp đã ngừng dùng; lần ký tới sẽ được cấp chứng thư mới.")
    else:
        print(f"CA đã tồn tại: {ca.name}. Không ghi đè; dùng --force để tạo CA mới.")
    print(f"SHA-256: {fingerprint(ca.certificate)}")
    return 0


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
    from backend.signing.keys import fingerprint
    from backend.signing.trust import configured_roots

    settings = get_settings()
    authority = _authority()
    try:
        cert = _run_db(authority.certificate)
    except local_ca.CAError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    if cert is None:
        print("Chưa có CA nội bộ (chạy `dangbo ca init`).")
    else:
        print(f"CA nội bộ: {local_ca.common_name(cert)}")
        print(f"SHA-256:   {fingerprint(cert)}")
        print(
            f"Hiệu lực:  {dmy_hm(cert.not_valid_before_utc)} → {dmy_hm(cert.not_valid_after_utc)}"
        )
    for root in configured_roots(settings):
        print(f"Gốc tin cậy cấu hình: {local_ca.common_name(root)} ({fingerprint(root)})")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    ca = sub.add_parser("ca", help="CA nội bộ và chứng thư số của người ký")
    ca_sub = ca.add_subparsers(dest="ca_command", required=True)

    init = ca_sub.add_parser(
        "init", help="tạo CA nội bộ của tổ chức (giữ nguyên nếu đã có; chạy trên máy nào cũng được)"
    )
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
