"""The local CA, signers' certificates, PAdES signing and verification."""

from backend.accounts.step_up import StepUpCeremony
from backend.core.domain import Domain
from backend.core.services import Services
from backend.signing.authority import CertificateAuthority
from backend.signing.certificates import CertificateService
from backend.signing.controllers import SigningController
from backend.signing.signer import SigningService
from backend.signing.tables import SigningKey
from backend.signing.verification import VerificationService
from backend.vault.vault import KeyVault


def build(services: Services) -> None:
    settings = services.settings
    authority = services.add(CertificateAuthority(settings, services.get(KeyVault)))
    certificates = services.add(CertificateService(settings, authority))
    services.add(VerificationService(settings, certificates))
    services.add(SigningService(settings, services.get(StepUpCeremony), certificates))


DOMAIN = Domain(name="signing", tables=[SigningKey], controllers=[SigningController], build=build)
