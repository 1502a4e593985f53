"""gunicorn's settings for this project; gunicorn reads ``./gunicorn.conf.py`` when started here.

Command-line options (workers, bind, timeout: see docs/operations.md) still apply on top.
"""

from jinzhou.server_errors import install

# The longest request line (method, URL with its query, version) gunicorn accepts; longer gets 414.
# 8190 is gunicorn's largest finite value: a sync-feed URL with every filter fits with room to spare.
limit_request_line = 8190

# Errors gunicorn answers itself (414, 431, 400 for an unparsable request) in the API's problem+json.
install()
