"""DRF views of reports: one APIView per operation, calling the same services and selectors."""
