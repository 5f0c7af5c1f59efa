"""Other readers' view of a signed PDF: poppler/NSS (``pdfsig``, what Evince and Okular use)
with our CA installed as trusted, and pyHanko's own validation as its command line runs it,
without network access."""

from __future__ import annotations

import asyncio
import io
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import DEFAULT_DIFF_POLICY
from pyhanko.sign.validation.ades import ades_lta_validation
from pyhanko.sign.validation.policy_decl import (
    LocalKnowledge,
    PdfSignatureValidationSpec,
    SignatureValidationSpec,
)
from pyhanko_certvalidator.context import CertValidationPolicySpec
from pyhanko_certvalidator.ltv.types import ValidationTimingInfo
from pyhanko_certvalidator.policy_decl import (
    REQUIRE_REVINFO,
    CertRevTrustPolicy,
    FreshnessReqType,
)
from pyhanko_certvalidator.registry import SimpleTrustManager

MISSING_TOOLS = [tool for tool in ("pdfsig", "certutil") if shutil.which(tool) is None]
INSTALL_HINT = "apt-get install -y poppler-utils libnss3-tools"


def pdfsig(pdf: bytes, trusted: list[x509.Certificate]) -> list[dict[str, str]]:
    """``pdfsig``'s findings per signature, with ``trusted`` in a fresh NSS database."""
    assert not MISSING_TOOLS, f"missing {MISSING_TOOLS}: {INSTALL_HINT}"
    with tempfile.TemporaryDirectory(prefix="dangbo-nss-") as tmp:
        work = Path(tmp)
        nss = f"sql:{work}"
        subprocess.run(["certutil", "-N", "-d", nss, "--empty-password"], check=True)
        for n, certificate in enumerate(trusted):
            pem = work / f"ca{n}.pem"
            pem.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
            subprocess.run(
                ["certutil", "-A", "-d", nss, "-n", f"ca{n}", "-t", "CT,C,C", "-i", str(pem)],
                check=True,
            )
        target = work / "signed.pdf"
        target.write_bytes(pdf)
        run = subprocess.run(
            ["pdfsig", "-nssdir", nss, str(target)], capture_output=True, text=True, timeout=60
        )
    found: list[dict[str, str]] = []
    for line in run.stdout.splitlines():
        if re.match(r"^Signature #\d+:", line):
            found.append({})
        elif found and (m := re.match(r"^\s+- ([^:]+): (.*)$", line)):
            found[-1][m.group(1)] = m.group(2)
    return found


def pyhanko_offline(pdf: bytes, trusted: list[x509.Certificate]) -> list[bool]:
    """What ``pyhanko sign adesverify --trust ca.pem FILE`` decides for each signature: AdES
    validation that requires revocation information, which without network can only come
    from the file itself (its DSS)."""
    roots = [
        asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER)) for c in trusted
    ]
    policy = CertValidationPolicySpec(
        trust_manager=SimpleTrustManager.build(trust_roots=roots),
        revinfo_policy=CertRevTrustPolicy(
            REQUIRE_REVINFO,
            freshness=None,
            freshness_req_type=FreshnessReqType.MAX_DIFF_REVOCATION_VALIDATION,
        ),
    )
    spec = PdfSignatureValidationSpec(
        signature_validation_spec=SignatureValidationSpec(
            cert_validation_policy=policy, local_knowledge=LocalKnowledge()
        ),
        diff_policy=DEFAULT_DIFF_POLICY,
    )
    reader = PdfFileReader(io.BytesIO(pdf))

    async def run() -> list[bool]:
        return [
            (
                await ades_lta_validation(sig, spec, timing_info=ValidationTimingInfo.now())
            ).api_status.bottom_line
            for sig in reader.embedded_regular_signatures
        ]

    return asyncio.run(run())
