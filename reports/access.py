"""Who may see statistics and exports (docs/architecture.md#roles-and-access).

- The dashboard and the statistics report (aggregates only): pimpinan and kepala_uptd; for
  pimpinan small cells are suppressed (reports.statistics.suppress_small).
- "Generate now" for a period: kepala_uptd and operator_data.
- Exports with case-level rows (the case-level Excel export, the SIMFONI export) and the SIMFONI
  work list: operator_data and kepala_uptd. Every export is audit-logged.
"""

from __future__ import annotations

import rules

from uptdppa.accounts.access import has_role
from uptdppa.accounts.models import Role

is_leadership = has_role(Role.PIMPINAN)
sees_statistics = has_role(Role.PIMPINAN, Role.KEPALA_UPTD)
works_on_national_recording = has_role(Role.OPERATOR_DATA, Role.KEPALA_UPTD)

rules.add_perm("reports.view_dashboard", sees_statistics)
rules.add_perm("reports.generate_snapshot", has_role(Role.KEPALA_UPTD, Role.OPERATOR_DATA))
rules.add_perm("reports.export_statistics", sees_statistics | works_on_national_recording)
rules.add_perm("reports.export_cases", works_on_national_recording)
rules.add_perm("reports.export_simfoni", works_on_national_recording)
# Small cells are hidden from leadership, so that no child can be recognised.
rules.add_perm("reports.see_small_cells", has_role(Role.KEPALA_UPTD, Role.OPERATOR_DATA))
