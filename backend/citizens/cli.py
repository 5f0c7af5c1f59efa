"""``dangbo vneid key`` (the public key to register with VNeID) and ``dangbo vneid-simulator``
(the simulator on its own port, for development and tests; refused in production)."""

from __future__ import annotations

import argparse
import sys

from backend.settings import get_settings


def _client_key():  # -> VneidClientKey
    from backend.citizens.client_key import VneidClientKey
    from backend.domains import build_services

    return build_services(get_settings()).get(VneidClientKey)


def cmd_vneid_key(args: argparse.Namespace) -> int:
    from backend import db

    settings = get_settings()
    client_key = _client_key()
    print(db.run(client_key.public_pem, settings.database_url), end="")
    return 0


def cmd_vneid_simulator(args: argparse.Namespace) -> int:
    import uvicorn
    from cryptography.hazmat.primitives import serialization

    from backend import db
    from backend.citizens.simulator.app import create_simulator
    from backend.citizens.simulator.mount import simulator_config

    settings = get_settings()
    if settings.is_production:
        print(
            "Trình giả lập VNeID không chạy ở chế độ production (DANGBO_ENVIRONMENT=production).",
            file=sys.stderr,
        )
        return 2
    config = simulator_config(settings, _client_key())
    if args.client_public_key:
        public = serialization.load_pem_public_key(open(args.client_public_key, "rb").read())

        async def given():
            return public

        config.public_key = given
    else:
        # The app's own key, read once from its database (the key sealed in the vault).
        pem = db.run(_client_key().public_pem, settings.database_url)
        public = serialization.load_pem_public_key(pem.encode())

        async def from_app():
            return public

        config.public_key = from_app
    if args.redirect_uri:
        config.redirect_uris = tuple(args.redirect_uri)
    print(
        f"Trình giả lập VNeID: http://{args.host}:{args.port}/authorize "
        f"(client_id={config.client_id})"
    )
    uvicorn.run(create_simulator(config), host=args.host, port=args.port, log_level="warning")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    vneid = sub.add_parser("vneid", help="đăng nhập công dân bằng VNeID")
    vneid_sub = vneid.add_subparsers(dest="vneid_command", required=True)
    vneid_sub.add_parser(
        "key", help="in khóa công khai RSA để đăng ký với VNeID (tạo nếu chưa có)"
    ).set_defaults(func=cmd_vneid_key)

    sim = sub.add_parser(
        "vneid-simulator", help="chạy trình giả lập VNeID (phát triển, kiểm thử; không production)"
    )
    sim.add_argument("--host", default="127.0.0.1")
    sim.add_argument("--port", type=int, default=8765)
    sim.add_argument(
        "--client-public-key",
        help="tệp PEM khóa công khai của ứng dụng (mặc định: khóa của ứng dụng này)",
    )
    sim.add_argument(
        "--redirect-uri",
        action="append",
        help="địa chỉ chuyển về được phép (mặc định: của ứng dụng)",
    )
    sim.set_defaults(func=cmd_vneid_simulator)
