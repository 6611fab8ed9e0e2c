"""Input and output serializers of referrals shared by several API views."""
