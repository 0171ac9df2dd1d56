"""The models of councils, one module per sub-domain (app label unchanged)."""

from .agreements import (
    AgreementNotice,
    AgreementSignatory,
    CooperationAgreement,
    CooperationAgreementQuerySet,
    parties_key_of,
)
from .council import (
    AgendaDocument,
    AgendaItem,
    Attendance,
    BoardReport,
    Council,
    Decision,
    FocusArea,
    Meeting,
    MeetingPackRead,
    MeetingQuerySet,
    Membership,
    MembershipQuerySet,
    Person,
    Seat,
    validate_attachment_size,
)
from .organisations import (
    Committee,
    Organisation,
    User,
)
from .partners import (
    Partner,
    PartnerContact,
)

__all__ = [
    "AgendaDocument",
    "AgendaItem",
    "AgreementNotice",
    "AgreementSignatory",
    "Attendance",
    "BoardReport",
    "Committee",
    "CooperationAgreement",
    "CooperationAgreementQuerySet",
    "Council",
    "Decision",
    "FocusArea",
    "Meeting",
    "MeetingPackRead",
    "MeetingQuerySet",
    "Membership",
    "MembershipQuerySet",
    "Organisation",
    "Partner",
    "PartnerContact",
    "Person",
    "Seat",
    "User",
    "parties_key_of",
    "validate_attachment_size",
]
