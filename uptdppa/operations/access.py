"""Who sees the backup and restore-drill records: the head of the unit, who answers for the unit's
data, and the data protection officer, who is alerted with the head when a backup or drill fails
(docs/architecture.md#roles-and-access). The records hold file names, times and counts, never
personal data."""

from __future__ import annotations

import rules

from uptdppa.accounts.access import is_dpo, is_head

rules.add_perm("operations.view_backups", is_head | is_dpo)
