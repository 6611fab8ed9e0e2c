
"""Snapshots that know when their data changed (issue 14 §1).

``reports_statisticsday`` keeps a version per calendar day (WIB). Statement-level triggers on
every table a figure reads (reports/statistics.py) add one to the version of each day a write
touches, in the write's own transaction: the registration and the complaint day of the cases
concerned (before and after an update), and for a referral its sending day. So no service, job,
admin action or bulk update can change what a figure reads without the periods containing those
days becoming stale (tests/reports/test_stale_snapshots.py checks every table compute_figures
reads has its triggers, and that each kind of correction marks its period).

An update that changes only columns no figure reads (``IGNORED``: timestamps of the row, names,
identifiers and other encrypted text, which is re-encrypted on every save) marks nothing.

Existing snapshots get data_version -1: stale until made again by the periodic job.
"""

from django.conf import settings
from django.db import migrations, models


# The cases whose registration and complaint days a row of each table touches, as SQL over the
# rows ({rows}); the cases table gives its own days, a referral its sending day too.
CASE_IDS = {
    "cases_person": "SELECT t.case_id FROM {rows} t",
    "cases_violencerecord": "SELECT p.case_id FROM {rows} t JOIN cases_person p ON p.id = t.victim_id",
    "cases_protectionrecord": "SELECT p.case_id FROM {rows} t JOIN cases_person p ON p.id = t.victim_id",
    "cases_perpetratorrelation": "SELECT p.case_id FROM {rows} t JOIN cases_person p ON p.id = t.victim_id",
    "cases_healthservice": "SELECT t.case_id FROM {rows} t",
    "cases_legalevent": "SELECT t.case_id FROM {rows} t",
    "cases_monitoringfollowup": "SELECT t.case_id FROM {rows} t",
    "cases_interventionplan": "SELECT t.case_id FROM {rows} t",
    "cases_planitem": "SELECT ip.case_id FROM {rows} t JOIN cases_interventionplan ip ON ip.id = t.plan_id",
    "referrals_referral": "SELECT t.case_id FROM {rows} t",
    "referrals_referral_victims": "SELECT r.case_id FROM {rows} t JOIN referrals_referral r ON r.id = t.referral_id",
}
OWN_INSTANTS = {
    "cases_case": ["registered_at", "received_at"],
    "referrals_referral": ["sent_at"],
}
TABLES = ["cases_case", *CASE_IDS]
# Columns no figure reads (checked against compute_figures' SQL by the tests).
IGNORED = {
    "cases_case": [
        "updated_at", "chronology", "triage_note", "pin_hash", "response_due_at", "police_report_number",
        "police_report_date", "police_report_unit", "police_report_due_at", "simfoni_number",
        "simfoni_entered_at", "simfoni_entered_by_id",
    ],
    "cases_person": [
        "updated_at", "full_name", "name_index", "nickname", "nik", "nik_index", "kk_number", "kk_index",
        "phone", "phone_index", "phone_is_whatsapp", "address_line",
    ],
}
TRIGGERS = {
    "ins": "AFTER INSERT ON {table} REFERENCING NEW TABLE AS new_rows",
    "upd": "AFTER UPDATE ON {table} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "del": "AFTER DELETE ON {table} REFERENCING OLD TABLE AS old_rows",
}


def _instants(table, rows):
    parts = [f"SELECT t.{column} AS at FROM {rows} t" for column in OWN_INSTANTS.get(table, [])]
    if table in CASE_IDS:
        ids = CASE_IDS[table].format(rows=rows)
        parts.append(f"SELECT c.registered_at FROM cases_case c WHERE c.id IN ({ids})")
        parts.append(f"SELECT c.received_at FROM cases_case c WHERE c.id IN ({ids})")
    return " UNION ALL ".join(parts)


def _changed(table, side):
    ignored = "ARRAY[" + ", ".join(f"'{c}'" for c in IGNORED.get(table, ["updated_at"])) + "]::text[]"
    return (
        f"(SELECT {side}.* FROM old_rows o JOIN new_rows n ON n.id = o.id"
        f" WHERE to_jsonb(o) - {ignored} IS DISTINCT FROM to_jsonb(n) - {ignored})"
    )


def _function(table):
    updated = f"{_instants(table, _changed(table, 'o'))} UNION ALL {_instants(table, _changed(table, 'n'))}"
    return f"""
CREATE OR REPLACE FUNCTION statistics_mark_{table}() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM statistics_mark_days(ARRAY({_instants(table, "new_rows")}));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM statistics_mark_days(ARRAY({_instants(table, "old_rows")}));
    ELSE
        PERFORM statistics_mark_days(ARRAY({updated}));
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""


# SQLite (the embedded demo): row triggers, the same days; every update of a row marks them.
SQLITE_CASE_ID = {
    "cases_person": "{r}.case_id",
    "cases_violencerecord": "SELECT case_id FROM cases_person WHERE id = {r}.victim_id",
    "cases_protectionrecord": "SELECT case_id FROM cases_person WHERE id = {r}.victim_id",
    "cases_perpetratorrelation": "SELECT case_id FROM cases_person WHERE id = {r}.victim_id",
    "cases_healthservice": "{r}.case_id",
    "cases_legalevent": "{r}.case_id",
    "cases_monitoringfollowup": "{r}.case_id",
    "cases_interventionplan": "{r}.case_id",
    "cases_planitem": "SELECT case_id FROM cases_interventionplan WHERE id = {r}.plan_id",
    "referrals_referral": "{r}.case_id",
    "referrals_referral_victims": "SELECT case_id FROM referrals_referral WHERE id = {r}.referral_id",
}
SQLITE_EVENTS = {"ins": ("INSERT", ["NEW"]), "upd": ("UPDATE", ["OLD", "NEW"]), "del": ("DELETE", ["OLD"])}


def _sqlite_offset():
    from datetime import datetime
    from zoneinfo import ZoneInfo

    minutes = int(datetime.now(ZoneInfo(settings.TIME_ZONE)).utcoffset().total_seconds() // 60)
    return f"{minutes:+d} minutes"


def _sqlite_instants(table, row):
    parts = [f"SELECT {row}.{column} AS at" for column in OWN_INSTANTS.get(table, [])]
    if table in SQLITE_CASE_ID:
        case_id = SQLITE_CASE_ID[table].format(r=row)
        parts.append(f"SELECT registered_at AS at FROM cases_case WHERE id = ({case_id})")
        parts.append(f"SELECT received_at AS at FROM cases_case WHERE id = ({case_id})")
    return " UNION ALL ".join(parts)


def _sqlite_forward(schema_editor):
    offset = _sqlite_offset()
    for table in TABLES:
        for name, (event, rows) in SQLITE_EVENTS.items():
            instants = " UNION ALL ".join(_sqlite_instants(table, row) for row in rows)
            days = f"SELECT DISTINCT date(at, '{offset}') AS d FROM ({instants}) WHERE at IS NOT NULL"
            schema_editor.execute(
                f"CREATE TRIGGER statistics_mark_{name}_{table} AFTER {event} ON {table} BEGIN"
                f" INSERT OR IGNORE INTO reports_statisticsday (day, version, changed_at)"
                f" SELECT d, 0, strftime('%Y-%m-%d %H:%M:%f', 'now') FROM ({days});"
                f" UPDATE reports_statisticsday SET version = version + 1,"
                f" changed_at = strftime('%Y-%m-%d %H:%M:%f', 'now') WHERE day IN (SELECT d FROM ({days}));"
                f" END;",
                params=None,
            )


def _sqlite_reverse(schema_editor):
    for table in TABLES:
        for name in SQLITE_EVENTS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS statistics_mark_{name}_{table};")


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        _sqlite_forward(schema_editor)
        return
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"""
CREATE OR REPLACE FUNCTION statistics_mark_days(instants timestamptz[]) RETURNS void AS $$
    INSERT INTO reports_statisticsday (day, version, changed_at)
    SELECT d.day, 1, now() FROM (
        SELECT DISTINCT (i AT TIME ZONE '{settings.TIME_ZONE}')::date AS day FROM unnest(instants) i WHERE i IS NOT NULL
    ) d ORDER BY d.day
    ON CONFLICT (day) DO UPDATE SET version = reports_statisticsday.version + 1, changed_at = EXCLUDED.changed_at;
$$ LANGUAGE sql;
""",
        params=None,
    )
    for table in TABLES:
        schema_editor.execute(_function(table), params=None)
        for name, when in TRIGGERS.items():
            schema_editor.execute(
                f"CREATE TRIGGER statistics_mark_{name} {when.format(table=table)}"
                f" FOR EACH STATEMENT EXECUTE FUNCTION statistics_mark_{table}();",
                params=None,
            )
    schema_editor.execute("UPDATE reports_snapshot SET data_version = -1;")


def reverse(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        _sqlite_reverse(schema_editor)
        return
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        for name in TRIGGERS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS statistics_mark_{name} ON {table};")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS statistics_mark_{table}();")
    schema_editor.execute("DROP FUNCTION IF EXISTS statistics_mark_days(timestamptz[]);")


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0002_report_files'),
        ('cases', '0019_person_restriction'),
        ('referrals', '0004_encrypt_identifying_free_text'),
    ]

    operations = [
        migrations.CreateModel(
            name='StatisticsDay',
            fields=[
                ('day', models.DateField(primary_key=True, serialize=False)),
                ('version', models.BigIntegerField(default=0)),
                ('changed_at', models.DateTimeField()),
            ],
            options={
                'verbose_name': 'statistics data version of a day',
                'verbose_name_plural': 'statistics data versions of days',
            },
        ),
        migrations.AddField(
            model_name='snapshot',
            name='data_version',
            field=models.BigIntegerField(default=-1),
        ),
        migrations.AddField(
            model_name='snapshot',
            name='refresh_requested',
            field=models.BooleanField(default=False),
        ),
        migrations.RunPython(forward, reverse),
    ]
