"""The portal's views, one module per page: auth, todos, case, report, inbox, dashboard, chains."""
