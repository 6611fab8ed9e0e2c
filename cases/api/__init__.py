"""Case API: the same services and selectors as the pages, so the same rules.

Staff part: one view per operation. An object outside the user's scope is a 404 (selectors); an
action the user may not take on an object they can see is a 403 (``has_perm``). A service's
ValidationError becomes a 400 with ``errors`` by field (uptdppa/api.py).

Public part (no login): the complaint form and the status lookup for a future mobile app, with
the same validation, honeypot and per-address limits as the pages (cases/views/public.py).
"""
