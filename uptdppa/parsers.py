"""API parsers (REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"]).

Its own module: DRF imports it while rest_framework.views is still loading, so it must not import
that module (uptdppa/api.py does)."""

from __future__ import annotations

from typing import Any

from rest_framework import exceptions, parsers


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, with JSON nested deeper than Python's decoder goes ("[" * 100000 raises
    RecursionError, not ValueError) refused as unreadable like any other bad JSON: a 400 in the
    API's error shape (uptdppa.api.exception_handler), not a 500. Every view's JSON goes through
    this one: the default, and the views that name their parsers import it."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise exceptions.ParseError() from None
