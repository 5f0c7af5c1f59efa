"""The local CA, signers' certificates, PAdES signing and verification."""

from backend.accounts.step_up import StepUpCeremony
from backend.core.domain import Domain
from backend.core.services import Services
from backend.signing.certificates import CertificateService
from backend.signing.controllers import SigningController
from backend.signing.signer import SigningService
from backend.signing.tables import SigningKey
from backend.signing.verification import VerificationService


def build(services: Services) -> None:
    settings = services.settings
    certificates = services.add(CertificateService(settings))
    services.add(VerificationService(settings, certificates))
    services.add(SigningService(settings, services.get(StepUpCeremony), certificates))


DOMAIN = Domain(name="signing", tables=[SigningKey], controllers=[SigningController], build=build)
