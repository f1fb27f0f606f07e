"""Every blueprint, in one list the factory registers.

Each HTTP module owns exactly one blueprint, named after it: ``<domain>/views.py`` (pages),
``<domain>/<topic>_views.py`` (more pages or downloads of the domain), ``<domain>/api.py``
(JSON under /api/v1).
"""

from edcamp.accounts.account_views import bp as account
from edcamp.accounts.api import bp as accounts_api
from edcamp.accounts.views import bp as accounts
from edcamp.api.views import bp as openapi
from edcamp.attendees.api import bp as attendees_api
from edcamp.attendees.comeback_views import bp as comeback
from edcamp.attendees.views import bp as attendees
from edcamp.connections.api import bp as connections_api
from edcamp.connections.views import bp as connections
from edcamp.contacts.api import bp as contacts_api
from edcamp.contacts.organizer_views import bp as contacts_organizer
from edcamp.contacts.views import bp as contacts
from edcamp.contacts.wall_views import bp as contacts_wall
from edcamp.events.api import bp as events_api
from edcamp.events.poster_views import bp as posters
from edcamp.events.views import bp as events
from edcamp.feedback.api import bp as feedback_api
from edcamp.feedback.followup_views import bp as follow_up
from edcamp.feedback.views import bp as feedback
from edcamp.i18n.views import bp as i18n
from edcamp.learning.api import bp as learning_api
from edcamp.learning.record_views import bp as learning_record
from edcamp.learning.views import bp as learning
from edcamp.mail.api import bp as mail_api
from edcamp.mail.views import bp as mail
from edcamp.operations.health import bp as operations
from edcamp.operations.metrics import bp as metrics
from edcamp.organizers.api import api as organizers_api
from edcamp.organizers.views import bp as organizers
from edcamp.proposals.api import bp as proposals_api
from edcamp.proposals.merge_views import bp as merges
from edcamp.proposals.views import bp as proposals
from edcamp.publishing.api import bp as publishing_api
from edcamp.publishing.embed_views import bp as embed
from edcamp.publishing.feed_views import bp as feeds
from edcamp.publishing.offline_views import bp as offline
from edcamp.publishing.views import bp as publishing
from edcamp.scheduling.api import bp as scheduling_api
from edcamp.scheduling.views import bp as scheduling
from edcamp.site import bp as site
from edcamp.voting.api import bp as voting_api
from edcamp.voting.views import bp as voting

BLUEPRINTS = [
    site,
    i18n,
    accounts,
    accounts_api,
    account,
    events,
    events_api,
    posters,
    attendees,
    attendees_api,
    comeback,
    proposals,
    proposals_api,
    merges,
    voting,
    voting_api,
    publishing,
    feeds,
    publishing_api,
    embed,
    offline,
    scheduling,
    scheduling_api,
    contacts,
    contacts_organizer,
    contacts_wall,
    contacts_api,
    learning,
    learning_record,
    learning_api,
    connections,
    connections_api,
    feedback,
    follow_up,
    feedback_api,
    mail,
    mail_api,
    organizers,
    organizers_api,
    openapi,
    operations,
    metrics,
]
