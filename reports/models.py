"""Models of statistics snapshots, dashboards and exports (issue: statistics)."""
