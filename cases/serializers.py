"""Input and output serializers of cases shared by several API views."""
