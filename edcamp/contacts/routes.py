"""The contacts blueprints with every route module attached; ``edcamp.blueprints`` lists them."""

from edcamp.contacts import api as _api  # noqa: F401  (routes on contacts_api)
from edcamp.contacts import organizer_views as _organizer  # noqa: F401  (routes on contacts)
from edcamp.contacts import views as _views  # noqa: F401  (routes on contacts)
from edcamp.contacts import wall_views as _wall  # noqa: F401  (routes on contacts)
from edcamp.contacts.blueprint import api, bp

__all__ = ["api", "bp"]
