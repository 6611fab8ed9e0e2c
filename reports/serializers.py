"""Input and output serializers of reports shared by several API views."""
