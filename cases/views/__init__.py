"""HTML views of the cases app (a package: one module per area, each with its own urlpatterns)."""
