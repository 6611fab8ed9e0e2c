"""A change to the kelurahan → kecamatan tree marks the days of the cases it moves (issue 14 §1).

The figures count cases by the kecamatan of their incident kelurahan (``incident_region`` →
``parent`` → ``code``, reports/statistics.py). The administrator may edit regions (cases/admin.py),
so moving a kelurahan to another kecamatan, or changing a kecamatan's code, changes figures of
every period holding a case there: an update of ``parent_id`` or ``code`` marks the registration
and complaint days of the cases whose kelurahan is the changed region or one of its children, as
the triggers of 0003 do for the tables of cases. Other columns (the name, validity dates) and new
regions (no case is there yet) mark nothing; a region with cases or children cannot be deleted
(PROTECT).
"""

from importlib import import_module

from django.db import migrations

STALENESS = import_module("reports.migrations.0003_snapshot_staleness")

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION statistics_mark_cases_region() RETURNS trigger AS $$
BEGIN
    PERFORM statistics_mark_days(ARRAY(
        WITH moved AS (
            SELECT n.id FROM old_rows o JOIN new_rows n ON n.id = o.id
            WHERE (o.parent_id, o.code) IS DISTINCT FROM (n.parent_id, n.code)
        ), cases AS (
            SELECT c.registered_at, c.received_at FROM cases_case c
            JOIN cases_region r ON r.id = c.incident_region_id
            WHERE r.id IN (SELECT id FROM moved) OR r.parent_id IN (SELECT id FROM moved)
        )
        SELECT registered_at FROM cases UNION ALL SELECT received_at FROM cases
    ));
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""


def _sqlite_days(offset):
    instants = (
        "SELECT c.{column} AS at FROM cases_case c JOIN cases_region r ON r.id = c.incident_region_id"
        " WHERE r.id = NEW.id OR r.parent_id = NEW.id"
    )
    both = " UNION ALL ".join(instants.format(column=column) for column in ("registered_at", "received_at"))
    return f"SELECT DISTINCT date(at, '{offset}') AS d FROM ({both}) WHERE at IS NOT NULL"


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FUNCTION, params=None)
        schema_editor.execute(
            "CREATE TRIGGER statistics_mark_upd AFTER UPDATE ON cases_region"
            " REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows"
            " FOR EACH STATEMENT EXECUTE FUNCTION statistics_mark_cases_region();",
            params=None,
        )
    elif vendor == "sqlite":
        days = _sqlite_days(STALENESS._sqlite_offset())
        schema_editor.execute(
            "CREATE TRIGGER statistics_mark_upd_cases_region AFTER UPDATE OF parent_id, code ON cases_region"
            " WHEN OLD.parent_id IS NOT NEW.parent_id OR OLD.code IS NOT NEW.code BEGIN"
            f" INSERT OR IGNORE INTO reports_statisticsday (day, version, changed_at)"
            f" SELECT d, 0, strftime('%Y-%m-%d %H:%M:%f', 'now') FROM ({days});"
            f" UPDATE reports_statisticsday SET version = version + 1,"
            f" changed_at = strftime('%Y-%m-%d %H:%M:%f', 'now') WHERE day IN (SELECT d FROM ({days}));"
            " END;",
            params=None,
        )


def reverse(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("DROP TRIGGER IF EXISTS statistics_mark_upd ON cases_region;")
        schema_editor.execute("DROP FUNCTION IF EXISTS statistics_mark_cases_region();")
    elif vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS statistics_mark_upd_cases_region;")


class Migration(migrations.Migration):
    dependencies = [("reports", "0005_taskforce_report_and_kla_pack")]

    operations = [migrations.RunPython(forward, reverse)]
