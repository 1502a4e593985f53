"""Admin registrations of the case engine, one module per aggregate.

Importing a module registers its ModelAdmins: ``calendar`` (the working-day calendar) and ``cases``
(the list of all cases, and the work dashboard's URL), ``documents`` (the office's Word templates),
``extensions`` (extension requests and their decisions), ``handoffs`` (who is told of what),
``reminders`` (reminder policies and the sweeps' record). Kind admins live in their apps.
"""

from jinzhou.casework.admin import calendar, cases, documents, extensions, handoffs, reminders  # noqa: F401
