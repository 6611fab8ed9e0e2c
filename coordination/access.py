"""Who may see and do what with conferences, meetings and action items (filled in below)."""
