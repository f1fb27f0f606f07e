"""The data model of every capability: one module per domain concept, no logic inside.

Import models from here (``from edcamp.models import Event``) so Alembic sees them all.
"""

from edcamp.models.accounts import (
    ApiToken,
    OneTimeLink,
    Organizer,
    OrganizerInvitation,
    OrganizerSession,
)
from edcamp.models.attendees import Attendee
from edcamp.models.base import utcnow
from edcamp.models.connections import Connection, ConnectionBlock, PartnerListing
from edcamp.models.events import Event, Room, Slot, event_organizers
from edcamp.models.feedback import FollowUpSent, SessionFeedback
from edcamp.models.followup import CheckIn, FeedEntry, Resource
from edcamp.models.learning import (
    EvidenceLink,
    RecordConfirmation,
    RecordLink,
    Reflection,
    TryItMail,
)
from edcamp.models.mail import MailOptOut, OutboxMail
from edcamp.models.proposals import Facilitator, Proposal, ProposalMerge, Star, Vote
from edcamp.models.scheduling import BlockedCell, Schedule, ScheduleEntry

__all__ = [
    "ApiToken",
    "Attendee",
    "BlockedCell",
    "CheckIn",
    "Connection",
    "ConnectionBlock",
    "Event",
    "EvidenceLink",
    "Facilitator",
    "FeedEntry",
    "FollowUpSent",
    "MailOptOut",
    "OneTimeLink",
    "Organizer",
    "OrganizerInvitation",
    "OrganizerSession",
    "OutboxMail",
    "PartnerListing",
    "Proposal",
    "ProposalMerge",
    "RecordConfirmation",
    "RecordLink",
    "Reflection",
    "Resource",
    "Room",
    "Schedule",
    "ScheduleEntry",
    "SessionFeedback",
    "Slot",
    "Star",
    "TryItMail",
    "Vote",
    "event_organizers",
    "utcnow",
]
