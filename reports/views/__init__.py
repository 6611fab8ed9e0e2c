"""HTML views of reports: the dashboard, the statistics report and exports, the SIMFONI work."""
