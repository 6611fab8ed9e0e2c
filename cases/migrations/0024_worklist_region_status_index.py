"""The worklist filtered by kecamatan and status counts its cases from an index alone (11 ms ->
0.25 ms at 100,000 cases; bench/README.md, "Found and fixed")."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0014_audit_without_foreign_keys"),
        ("cases", "0023_deleted_record_keys"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["incident_region", "status", "-received_at"], name="case_region_status_idx"),
        ),
    ]
