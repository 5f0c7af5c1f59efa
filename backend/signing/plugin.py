"""The local CA, signers' certificates, PAdES signing and verification."""

from backend.accounts.step_up import StepUpCeremony
from backend.core.domain import Domain
from backend.core.services import Services
from backend.signing.authority import CertificateAuthority
from backend.signing.certificates import CertificateService
from backend.signing.controllers import SigningController
from backend.signing.seals import OrganisationSeals
from backend.signing.signer import SigningService
from backend.signing.tables import SigningKey
from backend.signing.verification import VerificationService
from backend.vault.vault import KeyVault


def build(services: Services) -> None:
    settings = services.settings
    vault = services.get(KeyVault)
    authority = services.add(CertificateAuthority(settings, vault))
    certificates = services.add(CertificateService(settings, authority))
    seals = services.add(OrganisationSeals(settings, authority, vault))
    services.add(VerificationService(settings, certificates))
    services.add(SigningService(settings, services.get(StepUpCeremony), certificates, seals))


DOMAIN = Domain(name="signing", tables=[SigningKey], controllers=[SigningController], build=build)
