"""Input and output serializers of accounts shared by several API views (none yet: see api.py)."""
