"""gunicorn's access log without the client address for the public complaint channel (see
uptdppa/anonymity.py). Used by the image's command: gunicorn --logger-class
uptdppa.gunicorn_logger.AccessLogger."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from gunicorn.glogging import Logger

from uptdppa.anonymity import is_anonymous_path

# Atoms naming or fingerprinting the sender: the socket address, the user name of a Basic
# login, the referring page and the browser (which requests logged elsewhere with an address
# could be matched on). Request headers ({...}i) and WSGI variables ({...}e) are blanked too.
_IDENTIFYING_ATOMS = ("h", "u", "f", "a")


class AccessLogger(Logger):  # type: ignore[misc]  # gunicorn has no type hints
    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: timedelta) -> dict[str, Any]:
        atoms: dict[str, Any] = super().atoms(resp, req, environ, request_time)
        if is_anonymous_path(environ.get("PATH_INFO") or ""):
            for key in atoms:
                if key in _IDENTIFYING_ATOMS or key.endswith(("}i", "}e")):
                    atoms[key] = "-"
        return atoms
