"""The public complaint channel leaves no client address behind: complainants may stay anonymous,
and an address next to a complaint's received time would name them.

- the audit trail records no address there (uptdppa.middleware.AuditlogMiddleware);
- nginx logs those requests in an address-free format (deploy/nginx.conf);
- gunicorn's access log blanks the address there (uptdppa.gunicorn_logger.AccessLogger);
- Django's log handlers drop the request from a record about such a path
  (ForgetClientOnPublicPaths, in settings.LOGGING): an error mailed to ADMINS carries the
  request's META (REMOTE_ADDR, X-Forwarded-For) otherwise.

No Django import: gunicorn's logger class uses it (uptdppa/gunicorn_logger.py).
"""

from __future__ import annotations

import logging

# The complaint form and status pages, and their JSON endpoints.
ANONYMOUS_PATH_PREFIXES = ("/pengaduan/", "/api/v1/public/")
# Logs leave out the address of these too: the same without the final slash (redirected to it),
# and the language switch the public pages post to, moments before a complaint.
_LOG_PREFIXES = (*ANONYMOUS_PATH_PREFIXES, "/i18n/")
_LOG_EXACT = {prefix.rstrip("/") for prefix in _LOG_PREFIXES}


def is_anonymous_path(path: str) -> bool:
    """Whether a request to ``path`` (decoded, as in PATH_INFO) is logged without its address."""
    return path.startswith(_LOG_PREFIXES) or path in _LOG_EXACT


class ForgetClientOnPublicPaths(logging.Filter):
    """Keeps the record, without the request it carries when that request is on a public path:
    handlers such as AdminEmailHandler then have no address to write (the message itself names
    the path only)."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        path = getattr(request, "path_info", None)
        if isinstance(path, str) and is_anonymous_path(path):
            record.request = None
        return True
