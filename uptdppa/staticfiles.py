"""The storage of the collected static files in production."""

from __future__ import annotations

from typing import Any

from whitenoise.compress import Compressor
from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Hashed names and gzip copies, without brotli copies: nginx serves the static files
    (deploy/nginx.conf, gzip_static) and Debian's nginx has no brotli module, so they would never
    be sent. Brotli is installed anyway (fonttools, for WeasyPrint), which WhiteNoise would use."""

    def create_compressor(self, **kwargs: Any) -> Compressor:
        return super().create_compressor(use_brotli=False, **kwargs)
