"""Seed a benchmark database with realistic case data, in bulk (INSERT ... SELECT generate_series).

Run by bench/main.py with DATABASE_URL pointing at the database to fill. Encrypted fields get
real Fernet tokens and blind indexes from a pool of values encrypted once (POOL values per
field) and reused, so seeding 100,000 cases does not run a million Fernet encryptions, yet every
row holds what the app would store (the app decrypts them when it shows a case).

Shape (per registered case, on average): 1.15 victims with 1.3 violence forms each, 0.9 alleged
perpetrators, 0.6 reporters, a team of 1.9 staff; with ``detail``, also ~12 timeline events,
outreach visits, health services, legal events, psychological sessions, an intervention plan,
post-closure follow-ups and referrals (with their events). Cases are spread evenly over
YEARS years up to two days ago, over every kelurahan of Kota Jambi (5% outside the city).

A marker table (bench_seed) records the scale once seeding has committed; bench/main.py reuses
a database holding the requested scale and recreates any other.
"""

from __future__ import annotations

import io
import random
import time
from datetime import date, datetime, timedelta

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from uptdppa import crypto
from uptdppa.accounts.models import Organisation, OrganisationKind, Role, User

POOL = 4096
YEARS = 5
BENCH_PASSWORD = "bench-uptdppa-2026"  # noqa: S105 - synthetic accounts of a benchmark database
# Staff accounts by role (username prefix, role, how many).
STAFF = (
    ("kepala", Role.KEPALA_UPTD, 1),
    ("pengaduan", Role.PETUGAS_PENGADUAN, 4),
    ("manajer", Role.MANAJER_KASUS, 12),
    ("psikolog", Role.PSIKOLOG, 6),
    ("hukum", Role.PENDAMPING_HUKUM, 6),
    ("operator", Role.OPERATOR_DATA, 2),
    ("pimpinan", Role.PIMPINAN, 2),
    ("admin", Role.ADMIN, 1),
)
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]

FIRST = [
    "Siti",
    "Nur",
    "Dewi",
    "Putri",
    "Ayu",
    "Rina",
    "Sri",
    "Wahyuni",
    "Fitri",
    "Indah",
    "Lestari",
    "Rahmawati",
    "Yuliana",
    "Aminah",
    "Ratna",
    "Nurul",
    "Budi",
    "Agus",
    "Andi",
    "Rudi",
    "Hendra",
    "Joko",
    "Dedi",
    "Rizky",
    "Fajar",
    "Ahmad",
    "Muhammad",
    "Bayu",
    "Eko",
    "Dimas",
    "Ilham",
    "Arif",
]
LAST = [
    "Harahap",
    "Siregar",
    "Nasution",
    "Lubis",
    "Hasibuan",
    "Simanjuntak",
    "Saragih",
    "Pohan",
    "Rangkuti",
    "Daulay",
    "Batubara",
    "Tanjung",
    "Pratama",
    "Saputra",
    "Wijaya",
    "Kusuma",
    "Santoso",
    "Hidayat",
    "Rahman",
    "Hakim",
    "Setiawan",
    "Gunawan",
    "Purba",
    "Sinaga",
]
STREETS = "Jl. Sultan Thaha;Jl. Gatot Subroto;Jl. Hayam Wuruk;Jl. Kapten Pattimura;Lrg. Pinang;Jl. Kol. Abunjani"
NARRATIVE = (
    "Pelapor menyampaikan bahwa korban mengalami kekerasan di {place} sejak beberapa bulan terakhir. "
    "Korban tampak ketakutan dan belum bersedia bercerita banyak; keluarga meminta pendampingan."
)


def current_scale() -> tuple[int, bool] | None:
    """(cases, detail) of the last completed seeding, or None for an unseeded database."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_seed (cases integer, detail boolean, seeded_at timestamptz)")
        cursor.execute("SELECT cases, detail FROM bench_seed")
        row = cursor.fetchone()
    return (row[0], row[1]) if row else None


def _pools(rng: random.Random) -> dict[str, list[tuple[str, str | None]]]:
    """(ciphertext, blind index) pools per kind of value."""
    name_field = next(f for f in crypto.blind_index_fields(_person_model()) if f.source == "full_name")
    names, niks, phones, addresses, births, texts = [], [], [], [], [], []
    for i in range(POOL):
        name = f"{rng.choice(FIRST)} {rng.choice(FIRST)} {rng.choice(LAST)}"
        names.append((crypto.encrypt(name), name_field.compute(name)))
        nik = (
            f"1571{rng.randint(10, 99)}{rng.randint(1, 28):02d}{rng.randint(1, 12):02d}{rng.randint(0, 99):02d}{i:04d}"
        )
        niks.append((crypto.encrypt(nik), crypto.blind_digest("nik", nik)))
        phone = f"+628{rng.randint(11, 59)}{rng.randint(1000000, 9999999)}"
        phones.append((crypto.encrypt(phone), crypto.blind_digest("phone", phone)))
        addresses.append((crypto.encrypt(f"{rng.choice(STREETS.split(';'))} No. {rng.randint(1, 200)}"), None))
        born = date(1960, 1, 1) + timedelta(days=rng.randint(0, 23000))
        births.append((crypto.encrypt(born.isoformat()), None))
        place = rng.choice(["rumah", "sekolah", "tempat kerja", "lingkungan sekitar"])
        texts.append((crypto.encrypt(NARRATIVE.format(place=place)), None))
    return {"name": names, "nik": niks, "phone": phones, "addr": addresses, "birth": births, "text": texts}


def _person_model():  # noqa: ANN202 - imported late: Django is set up by the caller
    from cases.models import Person

    return Person


def _load_pools(cursor, pools: dict[str, list[tuple[str, str | None]]]) -> None:  # noqa: ANN001
    for kind, rows in pools.items():
        cursor.execute(
            f"DROP TABLE IF EXISTS pool_{kind}; "
            f"CREATE UNLOGGED TABLE pool_{kind} (i int PRIMARY KEY, ct text, idx text)"
        )
        null = "\\N"
        buffer = io.StringIO("".join(f"{i}\t{ct}\t{idx or null}\n" for i, (ct, idx) in enumerate(rows)))
        cursor.copy_expert(f"COPY pool_{kind} (i, ct, idx) FROM STDIN", buffer)


def _users() -> dict[str, list[int]]:
    """The bench accounts (one password hash, computed once), by role; liaisons per partner."""
    password = make_password(BENCH_PASSWORD)
    unit = Organisation.objects.get(kind=OrganisationKind.UPTD_PPA)
    ids: dict[str, list[int]] = {}
    for prefix, role, count in STAFF:
        for n in range(1, count + 1):
            user, _created = User.objects.get_or_create(
                username=f"{prefix}{n}",
                defaults={"role": role, "organisation": unit, "password": password, "first_name": prefix.title()},
            )
            ids.setdefault(str(role), []).append(user.pk)
    for n, org in enumerate(Organisation.objects.exclude(kind=OrganisationKind.UPTD_PPA).order_by("pk"), start=1):
        user, _created = User.objects.get_or_create(
            username=f"penghubung{n}",
            defaults={"role": Role.PENGHUBUNG_OPD, "organisation": org, "password": password, "first_name": "OPD"},
        )
        ids.setdefault(str(Role.PENGHUBUNG_OPD), []).append(user.pk)
    return ids


def _arr(values: list[int]) -> str:
    return "ARRAY[" + ",".join(str(v) for v in values) + "]::bigint[]"


def _run(cursor, label: str, sql: str, params: dict | None = None) -> None:  # noqa: ANN001
    started = time.perf_counter()
    cursor.execute(sql, params or {})
    print(f"  seed {label:<28} {cursor.rowcount:>10} rows  {time.perf_counter() - started:6.1f} s", flush=True)


def seed(n_cases: int, *, detail: bool) -> None:
    """Fill a freshly migrated database with ``n_cases`` cases (see the module docstring)."""
    if current_scale() is not None:
        raise RuntimeError("The benchmark database is not empty: bench/main.py recreates it before seeding.")
    rng = random.Random(20261128)  # noqa: S311 - synthetic data
    started = time.perf_counter()
    pools = _pools(rng)
    print(f"  seed {'encrypt pools':<28} {POOL * len(pools):>10} values {time.perf_counter() - started:5.1f} s")
    users = _users()
    today = timezone.localdate()
    end = timezone.make_aware(datetime.combine(today - timedelta(days=2), datetime.min.time()))
    start = end.replace(year=end.year - YEARS)
    params = {
        "n": n_cases,
        "t0": start,
        "span": (end - start).total_seconds(),
        "now": timezone.now(),
        "roman": ROMAN,
    }
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit = off; SET LOCAL work_mem = '256MB'")
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if cursor.fetchone()[0]:
            # Rows are consistent by construction: skip the foreign-key triggers, which would
            # otherwise check ten million rows at COMMIT (Django's FKs are deferred). A role that
            # is not a superuser seeds with the checks, only more slowly.
            cursor.execute("SET LOCAL session_replication_role = replica")
        _load_pools(cursor, pools)
        _seed_cases(cursor, params, users)
        _seed_people(cursor, detail)
        _seed_team(cursor, users)
        _seed_services(cursor, params, users, detail)
        if detail:
            _seed_events(cursor, users)
        _encrypt_plaintexts(cursor)
        _finish(cursor, n_cases, detail)
    started_vacuum = time.perf_counter()
    with connection.cursor() as cursor:
        # Statistics for the planner and the visibility map for index-only scans, as autovacuum
        # would leave them on a database in use.
        cursor.execute("VACUUM (ANALYZE)")
    print(f"  seed {'vacuum analyze':<28} {'':>10}      {time.perf_counter() - started_vacuum:6.1f} s")
    print(f"  seed total {time.perf_counter() - started:.1f} s", flush=True)


def _seed_cases(cursor, params: dict, users: dict[str, list[int]]) -> None:  # noqa: ANN001
    intake = _arr(users[Role.PETUGAS_PENGADUAN])
    head = users[Role.KEPALA_UPTD][0]
    operator = users[Role.OPERATOR_DATA][0]
    cursor.execute(
        "SELECT array_agg(id ORDER BY id) FROM cases_region WHERE level = 'kelurahan'",
    )
    kelurahan = cursor.fetchone()[0]
    params = {**params, "kel": kelurahan, "nkel": len(kelurahan)}
    sql = f"""
    WITH base AS (
        SELECT g AS id, random() r1, random() r2, random() r3, random() r4, random() r5, random() r6,
               %(t0)s::timestamptz + ((g - 1 + random()) / %(n)s * %(span)s) * interval '1 second' AS received_at
        FROM generate_series(1, %(n)s) g
    ), st AS (
        SELECT b.*,
          CASE WHEN b.received_at > %(now)s - interval '30 days' AND b.r1 < 0.25 THEN 'received'
               WHEN b.r1 < 0.04 THEN 'outside_mandate'
               WHEN b.r1 < 0.05 AND b.id > 1 THEN 'duplicate'
               WHEN b.received_at < %(now)s - interval '120 days' AND b.r2 < 0.92 THEN 'closed'
               ELSE 'open' END AS status,
          CASE WHEN b.r3 < 0.2 THEN 'tinggi' WHEN b.r3 < 0.7 THEN 'sedang' ELSE 'rendah' END AS risk,
          b.received_at + (1 + b.r4 * 70) * interval '1 hour' AS triaged
        FROM base b
    ), reg AS (
        SELECT s.*, (s.status IN ('open', 'closed')) AS registered,
               extract(year FROM s.triaged AT TIME ZONE 'Asia/Jakarta')::int AS ryear,
               extract(month FROM s.triaged AT TIME ZONE 'Asia/Jakarta')::int AS rmonth
        FROM st s
    ), numbered AS (
        SELECT r.*, row_number() OVER (PARTITION BY r.registered, r.ryear ORDER BY r.triaged, r.id) AS seq
        FROM reg r
    )
    INSERT INTO cases_case (id, created_at, updated_at, code, status, chronology, created_by_id, authority,
        case_type, channel, duplicate_of_id, incident_date, incident_date_precision, incident_place_other,
        incident_region_id, pin_hash, police_report_date, police_report_due_at, police_report_number,
        police_report_unit, received_at, referred_to_id, referring_organisation_id, register_number, register_seq,
        register_year, registered_at, reporter_anonymous, reporter_relation, response_due_at, risk, scene,
        simfoni_number, tracking_code, triage_note, triage_proposed_at, triage_proposed_by_id, triaged_at,
        triaged_by_id, closed_at, simfoni_entered_at, simfoni_entered_by_id, reporter_is_victim)
    SELECT x.id, x.received_at, x.received_at, gen_random_uuid(), x.status, pt.ct,
        ({intake})[1 + x.id %% 4], 'daerah',
        CASE WHEN x.status = 'received' THEN '' WHEN x.r5 < 0.64 THEN 'ampk' ELSE 'ktp' END,
        (ARRAY['datang_langsung','datang_langsung','datang_langsung','telepon','whatsapp','whatsapp','sapa_129',
               'call_center_112','penjangkauan','rujukan','online_form'])[1 + (x.id * 7) %% 11],
        CASE WHEN x.status = 'duplicate' THEN x.id - 1 END,
        (x.received_at - (x.r6 * 60) * interval '1 day')::date, 'exact',
        CASE WHEN x.r6 >= 0.95 THEN pa.ct END,
        CASE WHEN x.r6 < 0.95 THEN (%(kel)s::bigint[])[1 + (x.id * 13) %% %(nkel)s] END,
        '', NULL, NULL, NULL, '', x.received_at, NULL, NULL,
        CASE WHEN x.registered THEN (CASE WHEN x.seq < 1000 THEN lpad(x.seq::text, 3, '0') ELSE x.seq::text END)
             || '/UPTD-PPA/' || (%(roman)s::text[])[x.rmonth]
             || '/' || x.ryear END,
        CASE WHEN x.registered THEN x.seq END, CASE WHEN x.registered THEN x.ryear END,
        CASE WHEN x.registered THEN x.triaged END,
        x.r2 < 0.05, CASE WHEN x.r2 < 0.5 THEN '{_sealed("orang tua")}' ELSE '{_sealed("tetangga")}' END,
        x.received_at + CASE x.risk WHEN 'tinggi' THEN interval '1 hour' WHEN 'sedang' THEN interval '6 hours'
                                    ELSE interval '72 hours' END,
        CASE WHEN x.status = 'received' THEN '' ELSE x.risk END,
        (ARRAY['rumah_tangga','rumah_tangga','rumah_tangga','rumah_tangga','sekolah','fasilitas_umum',
               'tempat_kerja','lainnya'])[1 + (x.id * 3) %% 8],
        '', NULL, NULL,
        CASE WHEN x.status <> 'received' THEN x.received_at + interval '30 minutes' END,
        CASE WHEN x.status <> 'received' THEN ({intake})[1 + x.id %% 4] END,
        CASE WHEN x.status <> 'received' THEN x.triaged END,
        CASE WHEN x.status <> 'received' THEN {head} END,
        CASE WHEN x.status = 'closed' THEN LEAST(x.triaged + (30 + x.r4 * 270) * interval '1 day', %(now)s) END,
        CASE WHEN x.registered AND x.triaged < %(now)s - interval '60 days' THEN x.triaged + interval '10 days' END,
        CASE WHEN x.registered AND x.triaged < %(now)s - interval '60 days' THEN {operator} END,
        false
    FROM numbered x
    JOIN pool_text pt ON pt.i = (x.id * 31) %% {POOL}
    JOIN pool_addr pa ON pa.i = (x.id * 17) %% {POOL}
    """
    _run(cursor, "cases", sql, params)
    cursor.execute("SELECT setval(pg_get_serial_sequence('cases_case', 'id'), (SELECT max(id) FROM cases_case))")
    cursor.execute(
        "INSERT INTO cases_registercounter (year, last_seq) SELECT register_year, max(register_seq) FROM cases_case "
        "WHERE register_year IS NOT NULL GROUP BY register_year"
    )


def _seed_people(cursor, detail: bool) -> None:  # noqa: ANN001
    # Victims: one, or two in 15% of cases; AMPK cases have child victims, KTP cases adult women.
    victims = f"""
    INSERT INTO cases_person (created_at, updated_at, code, role, full_name, name_index, nik, nik_index, phone,
        phone_index, case_id, address_line, age_at_incident, birth_date, birth_year, disability, education,
        estimated_age, is_unknown, kk_index, kk_number, nickname, occupation, phone_is_whatsapp, region_id,
        relation_to_victim, sex)
    SELECT c.received_at, c.received_at, gen_random_uuid(), 'korban', pn.ct, pn.idx,
        CASE WHEN k = 1 AND c.id %% 3 <> 0 THEN pk.ct END, CASE WHEN k = 1 AND c.id %% 3 <> 0 THEN pk.idx END,
        CASE WHEN k = 1 AND c.id %% 4 <> 0 THEN pp.ct END, CASE WHEN k = 1 AND c.id %% 4 <> 0 THEN pp.idx END,
        c.id, pa.ct, a.age, pb.ct, extract(year FROM c.received_at)::int - a.age, '',
        (ARRAY['sd','smp','sma','tk','s1','tidak_sekolah'])[1 + (c.id + k) %% 6], NULL, false, NULL, NULL, NULL,
        NULL, c.id %% 2 = 0, c.incident_region_id, NULL,
        CASE WHEN c.case_type = 'ktp' THEN 'P' WHEN (c.id * 7 + k) %% 10 < 7 THEN 'P' ELSE 'L' END
    FROM cases_case c
    CROSS JOIN LATERAL generate_series(1, CASE WHEN c.id %% 7 = 0 THEN 2 ELSE 1 END) k
    CROSS JOIN LATERAL (SELECT CASE WHEN c.case_type = 'ktp' THEN 18 + (c.id * 11 + k) %% 40
                                    WHEN c.case_type = 'ampk' THEN (c.id * 5 + k) %% 18
                                    WHEN c.id %% 3 = 0 THEN NULL ELSE (c.id + k) %% 50 END AS age) a
    JOIN pool_name pn ON pn.i = (c.id * 3 + k) %% {POOL}
    JOIN pool_nik pk ON pk.i = (c.id * 5 + k) %% {POOL}
    JOIN pool_phone pp ON pp.i = (c.id * 7 + k) %% {POOL}
    JOIN pool_addr pa ON pa.i = (c.id * 11 + k) %% {POOL}
    JOIN pool_birth pb ON pb.i = (c.id * 13 + k) %% {POOL}
    """
    _run(cursor, "victims", victims)
    perpetrators = f"""
    INSERT INTO cases_person (created_at, updated_at, code, role, full_name, name_index, nik, nik_index, phone,
        phone_index, case_id, address_line, age_at_incident, birth_date, birth_year, disability, education,
        estimated_age, is_unknown, kk_index, kk_number, nickname, occupation, phone_is_whatsapp, region_id,
        relation_to_victim, sex)
    SELECT c.received_at, c.received_at, gen_random_uuid(), 'terlapor', pn.ct, pn.idx, NULL, NULL,
        CASE WHEN c.id %% 5 = 0 THEN pp.ct END, CASE WHEN c.id %% 5 = 0 THEN pp.idx END, c.id,
        CASE WHEN c.id %% 2 = 0 THEN pa.ct END, 20 + c.id %% 45, NULL, NULL, '', '', NULL, false, NULL, NULL,
        NULL, '{_sealed("wiraswasta")}', false, NULL, NULL, CASE WHEN c.id %% 9 = 0 THEN 'P' ELSE 'L' END
    FROM cases_case c
    JOIN pool_name pn ON pn.i = (c.id * 19) %% {POOL}
    JOIN pool_phone pp ON pp.i = (c.id * 23) %% {POOL}
    JOIN pool_addr pa ON pa.i = (c.id * 29) %% {POOL}
    WHERE c.id %% 10 <> 0
    """
    _run(cursor, "perpetrators", perpetrators)
    if detail:
        reporters = f"""
        INSERT INTO cases_person (created_at, updated_at, code, role, full_name, name_index, nik, nik_index,
            phone, phone_index, case_id, address_line, age_at_incident, birth_date, birth_year, disability,
            education, estimated_age, is_unknown, kk_index, kk_number, nickname, occupation, phone_is_whatsapp,
            region_id, relation_to_victim, sex)
        SELECT c.received_at, c.received_at, gen_random_uuid(), 'pelapor', pn.ct, pn.idx, NULL, NULL, pp.ct,
            pp.idx, c.id, NULL, NULL, NULL, NULL, '', '', NULL, false, NULL, NULL, NULL, NULL, true, NULL,
            '{_sealed("orang tua")}', 'P'
        FROM cases_case c
        JOIN pool_name pn ON pn.i = (c.id * 37) %% {POOL}
        JOIN pool_phone pp ON pp.i = (c.id * 41) %% {POOL}
        WHERE c.id %% 5 < 3
        """
        _run(cursor, "reporters", reporters)
    # Violence forms: 1 to 3 per victim (weighted towards physical, psychological, sexual).
    forms = """
    INSERT INTO cases_violencerecord (form, victim_id)
    SELECT DISTINCT ON (p.id, f.form) f.form, p.id
    FROM cases_person p
    CROSS JOIN LATERAL generate_series(0, CASE WHEN p.id %% 20 = 0 THEN 2 WHEN p.id %% 4 = 0 THEN 1 ELSE 0 END) j
    CROSS JOIN LATERAL (SELECT (ARRAY['fisik','fisik','fisik','psikis','psikis','psikis','seksual','seksual',
        'seksual','penelantaran','perundungan','eksploitasi','trafficking','lainnya'])[1 + (p.id * 7 + j * 5) %% 14]
        AS form) f
    WHERE p.role = 'korban'
    """
    _run(cursor, "violence forms", forms)
    categories = """
    INSERT INTO cases_protectionrecord (category, victim_id)
    SELECT (ARRAY['a','b','c','d','e','f','g','h','i','j','k','l','m','n','o'])[1 + (p.id * 3) %% 15], p.id
    FROM cases_person p WHERE p.role = 'korban' AND p.age_at_incident < 18 AND p.id %% 5 < 3
    """
    _run(cursor, "protection categories", categories)
    relations = """
    INSERT INTO cases_perpetratorrelation (relation, perpetrator_id, victim_id)
    SELECT (ARRAY['ayah_kandung','ayah_tiri','suami_istri','suami_istri','tetangga','teman_sebaya','pacar',
        'keluarga','tenaga_pendidik','tidak_dikenal','berkenalan_online','lainnya'])[1 + (v.id * 5) %% 12],
        t.id, v.id
    FROM cases_person v JOIN cases_person t ON t.case_id = v.case_id AND t.role = 'terlapor'
    WHERE v.role = 'korban'
    """
    _run(cursor, "perpetrator relations", relations)


def _seed_team(cursor, users: dict[str, list[int]]) -> None:  # noqa: ANN001
    managers, psychologists, legal = (
        _arr(users[Role.MANAJER_KASUS]),
        _arr(users[Role.PSIKOLOG]),
        _arr(users[Role.PENDAMPING_HUKUM]),
    )
    sql = f"""
    INSERT INTO cases_caseteammember (created_at, updated_at, team_role, case_id, user_id)
    SELECT c.registered_at, c.registered_at, m.role, c.id, m.user_id
    FROM cases_case c
    CROSS JOIN LATERAL (VALUES
        ('manajer_kasus', ({managers})[1 + c.id %% {len(users[Role.MANAJER_KASUS])}], true),
        ('psikolog', ({psychologists})[1 + c.id %% {len(users[Role.PSIKOLOG])}], c.id %% 2 = 0),
        ('pendamping_hukum', ({legal})[1 + c.id %% {len(users[Role.PENDAMPING_HUKUM])}], c.id %% 5 < 2)
    ) AS m(role, user_id, wanted)
    WHERE c.status IN ('open', 'closed') AND m.wanted
    """
    _run(cursor, "case teams", sql)


def _seed_services(cursor, params: dict, users: dict[str, list[int]], detail: bool) -> None:  # noqa: ANN001
    head = users[Role.KEPALA_UPTD][0]
    managers = _arr(users[Role.MANAJER_KASUS])
    psychologists = _arr(users[Role.PSIKOLOG])
    nm, npsy = len(users[Role.MANAJER_KASUS]), len(users[Role.PSIKOLOG])
    cursor.execute("SELECT array_agg(id ORDER BY id) FROM accounts_organisation WHERE kind = 'kesehatan'")
    health_orgs = cursor.fetchone()[0]
    cursor.execute("SELECT array_agg(id ORDER BY id) FROM accounts_organisation WHERE kind <> 'uptd_ppa'")
    partners = cursor.fetchone()[0]
    reg = "c.status IN ('open', 'closed')"
    health = f"""
    INSERT INTO cases_healthservice (created_at, updated_at, code, kind, facility_other, requested_on, done_on,
        result, case_id, facility_id, recorded_by_id, victim_id)
    SELECT c.registered_at, c.registered_at, gen_random_uuid(),
        (ARRAY['medical_care','visum_et_repertum','psychiatric','other'])[1 + p.id %% 4], NULL,
        (c.registered_at + interval '2 days')::date,
        CASE WHEN c.status = 'closed' OR p.id %% 3 = 0 THEN (c.registered_at + interval '5 days')::date END,
        CASE WHEN c.status = 'closed' OR p.id %% 3 = 0 THEN pt.ct END,
        c.id, ({_arr(health_orgs)})[1 + p.id %% {len(health_orgs)}],
        ({managers})[1 + c.id %% {nm}], p.id
    FROM cases_case c JOIN cases_person p ON p.case_id = c.id AND p.role = 'korban'
    JOIN pool_text pt ON pt.i = p.id %% {POOL}
    WHERE {reg} AND c.id %% 10 < 3
    """
    _run(cursor, "health services", health)
    legal = f"""
    INSERT INTO cases_legalevent (created_at, updated_at, code, stage, date, place, reference_number, unit, note,
        perpetrator_age_at_offence, offence_max_penalty_years, repeat_offence, victim_consent, victim_consent_by,
        case_id, perpetrator_id, recorded_by_id)
    SELECT c.registered_at, c.registered_at, gen_random_uuid(), s.stage,
        (c.registered_at + s.n * interval '12 days')::date, 'Polresta Jambi', 'LP/' || c.id || '/' || s.n,
        'Unit PPA', NULL, NULL, NULL, false, false, NULL, c.id, p.id, ({managers})[1 + c.id %% {nm}]
    FROM cases_case c JOIN cases_person p ON p.case_id = c.id AND p.role = 'terlapor'
    CROSS JOIN LATERAL (SELECT n, (ARRAY['laporan_polisi','penyelidikan','penyidikan','penuntutan',
        'sidang_tingkat_1','putusan'])[n] AS stage FROM generate_series(1, 1 + c.id %% 4) n) s
    WHERE {reg} AND c.id %% 4 = 1
    """
    _run(cursor, "legal events", legal)
    plan = f"""
    WITH plans AS (
        INSERT INTO cases_interventionplan (created_at, updated_at, code, status, made_with_beneficiary,
            submitted_at, decided_at, decision_comment, case_id, decided_by_id, submitted_by_id)
        SELECT c.registered_at, c.registered_at, gen_random_uuid(), 'approved', true,
            c.registered_at + interval '7 days', c.registered_at + interval '8 days', '', c.id, {head},
            ({managers})[1 + c.id %% {nm}]
        FROM cases_case c WHERE {reg} AND c.id %% 5 < 2
        RETURNING id, case_id, created_at
    )
    INSERT INTO cases_planitem (created_at, updated_at, code, service, description, due_on, status, waive_reason,
        plan_id, responsible_organisation_id, responsible_user_id)
    SELECT pl.created_at, pl.created_at, gen_random_uuid(), s.service, 'Layanan ' || s.service,
        (pl.created_at + interval '30 days')::date,
        CASE WHEN c.status = 'closed' THEN 'done' WHEN pl.id %% 3 = 0 THEN 'in_progress' ELSE 'planned' END,
        NULL, pl.id, NULL, ({managers})[1 + pl.case_id %% {nm}]
    FROM plans pl JOIN cases_case c ON c.id = pl.case_id
    CROSS JOIN LATERAL (SELECT (ARRAY['kesehatan','bantuan_hukum','rehabilitasi_sosial','reintegrasi_sosial',
        'pendampingan_tokoh_agama'])[1 + (pl.id + n) %% 5] AS service FROM generate_series(1, 2 + pl.id %% 2) n) s
    """
    _run(cursor, "plans and items", plan)
    follow_ups = f"""
    INSERT INTO cases_monitoringfollowup (created_at, updated_at, code, due_on, done_on, outcome, reminded_on,
        case_id, recorded_by_id)
    SELECT c.closed_at, c.closed_at, gen_random_uuid(), (c.closed_at + m * interval '1 month')::date,
        CASE WHEN c.closed_at + m * interval '1 month' < %(now)s THEN (c.closed_at + m * interval '1 month')::date END,
        CASE WHEN c.closed_at + m * interval '1 month' < %(now)s THEN pt.ct END, NULL, c.id,
        ({managers})[1 + c.id %% {nm}]
    FROM cases_case c CROSS JOIN unnest(ARRAY[1, 3, 6]) m JOIN pool_text pt ON pt.i = (c.id + m) %% {POOL}
    WHERE c.status = 'closed'
    """
    _run(cursor, "monitoring follow-ups", follow_ups, params)
    _seed_referrals(cursor, params, users, partners)
    if not detail:
        return
    outreach = f"""
    INSERT INTO cases_outreachvisit (created_at, updated_at, code, visited_on, place_other, purpose, result,
        is_emergency, next_step, case_id, recorded_by_id, region_id)
    SELECT c.received_at, c.received_at, gen_random_uuid(), (c.received_at + n * interval '3 days')::date, NULL,
        'Kunjungan rumah', pt.ct, c.risk = 'tinggi' AND n = 1, NULL, c.id, ({managers})[1 + c.id %% {nm}],
        c.incident_region_id
    FROM cases_case c CROSS JOIN LATERAL generate_series(1, 1 + c.id %% 2) n
    JOIN pool_text pt ON pt.i = (c.id * 3 + n) %% {POOL}
    WHERE {reg} AND c.id %% 2 = 0
    """
    _run(cursor, "outreach visits", outreach)
    cursor.execute(
        "INSERT INTO cases_outreachvisit_team (outreachvisit_id, user_id) SELECT id, recorded_by_id "
        "FROM cases_outreachvisit"
    )
    psych = f"""
    INSERT INTO cases_psychsession (created_at, updated_at, code, date, method, observations, recommendations,
        case_id, psychologist_id, recorded_by_id, victim_id)
    SELECT c.registered_at, c.registered_at, gen_random_uuid(), (c.registered_at + n * interval '7 days')::date,
        'konseling', pt.ct, pt.ct, c.id, ({psychologists})[1 + c.id %% {npsy}],
        ({psychologists})[1 + c.id %% {npsy}], p.id
    FROM cases_case c JOIN cases_person p ON p.case_id = c.id AND p.role = 'korban'
    CROSS JOIN LATERAL generate_series(1, 1 + c.id %% 3) n
    JOIN pool_text pt ON pt.i = (p.id + n) %% {POOL}
    WHERE {reg} AND c.id %% 2 = 0
    """
    _run(cursor, "psychological sessions", psych)


def _seed_referrals(cursor, params: dict, users: dict[str, list[int]], partners: list[int]) -> None:  # noqa: ANN001
    managers = _arr(users[Role.MANAJER_KASUS])
    nm = len(users[Role.MANAJER_KASUS])
    sql = f"""
    INSERT INTO referrals_referral (created_at, updated_at, code, services, reason, urgency, due_on, shared_fields,
        facts, cover_note, shared_data, status, letter_number, letter, consent_override_reason, sent_at,
        responded_at, decline_reason, completed_at, outcome, revoked_at, revoke_reason, case_id,
        consent_override_by_id, created_by_id, organisation_id, sent_by_id, decline_reason_code, outcome_code,
        first_service_at)
    SELECT t0, t0, gen_random_uuid(), '["rehabilitasi_sosial"]'::jsonb, pt.ct, 'biasa', (t0 + interval '14 days')::date,
        '["initials","age","sex","violence_forms"]'::jsonb, pt.ct, NULL, pt.ct, s.status, NULL, '', NULL,
        CASE WHEN s.status NOT IN ('draft', 'revoked') THEN t0 + interval '1 hour' END,
        CASE WHEN s.status IN ('accepted','declined','in_progress','completed') THEN t0 + interval '1 day' END,
        NULL, CASE WHEN s.status = 'completed' THEN t0 + interval '20 days' END, NULL,
        CASE WHEN s.status = 'revoked' THEN t0 + interval '2 hours' END, NULL, c.id, NULL,
        ({managers})[1 + c.id %% {nm}], ({_arr(partners)})[1 + (c.id + n) %% {len(partners)}],
        CASE WHEN s.status NOT IN ('draft', 'revoked') THEN ({managers})[1 + c.id %% {nm}] END,
        CASE WHEN s.status = 'declined' THEN 'no_capacity' ELSE '' END,
        CASE WHEN s.status = 'completed' THEN 'service_provided' ELSE '' END,
        CASE WHEN s.status IN ('in_progress', 'completed') THEN t0 + interval '3 days' END
    FROM cases_case c CROSS JOIN LATERAL generate_series(1, 1 + c.id %% 2) n
    CROSS JOIN LATERAL (SELECT c.registered_at + n * interval '5 days' AS t0) t
    CROSS JOIN LATERAL (SELECT CASE
        WHEN c.status = 'closed'
            THEN (ARRAY['completed','completed','completed','declined','revoked'])[1 + (c.id+n) %% 5]
        ELSE (ARRAY['sent','accepted','in_progress','draft','completed'])[1 + (c.id+n) %% 5] END AS status) s
    JOIN pool_text pt ON pt.i = (c.id + n) %% {POOL}
    WHERE c.status IN ('open', 'closed') AND c.id %% 5 = 3 AND t0 < %(now)s
    """
    _run(cursor, "referrals", sql, params)
    cursor.execute(
        "INSERT INTO referrals_referral_victims (referral_id, person_id) SELECT r.id, p.id FROM referrals_referral r "
        "JOIN cases_person p ON p.case_id = r.case_id AND p.role = 'korban'"
    )
    cursor.execute(
        "INSERT INTO referrals_referralevent (kind, at, actor_id, referral_id) "
        "SELECT 'created', created_at, created_by_id, id FROM referrals_referral UNION ALL "
        "SELECT 'sent', sent_at, sent_by_id, id FROM referrals_referral WHERE sent_at IS NOT NULL UNION ALL "
        "SELECT 'completed', completed_at, NULL, id FROM referrals_referral WHERE completed_at IS NOT NULL"
    )


def _seed_events(cursor, users: dict[str, list[int]]) -> None:  # noqa: ANN001
    """The timeline: one event per thing seeded above, as the services write them."""
    head = users[Role.KEPALA_UPTD][0]
    sql = f"""
    INSERT INTO cases_caseevent (kind, at, data, actor_id, case_id)
    SELECT 'received', received_at, '{{}}'::jsonb, created_by_id, id FROM cases_case
    UNION ALL SELECT 'person_added', created_at, '{{}}', NULL, case_id FROM cases_person
    UNION ALL SELECT 'triage_proposed', triage_proposed_at, '{{}}', triage_proposed_by_id, id FROM cases_case
        WHERE triage_proposed_at IS NOT NULL
    UNION ALL SELECT CASE status WHEN 'outside_mandate' THEN 'outside_mandate' WHEN 'duplicate' THEN 'duplicate'
        ELSE 'accepted' END, triaged_at, '{{}}', {head}, id FROM cases_case WHERE triaged_at IS NOT NULL
    UNION ALL SELECT 'team_added', created_at, '{{}}', {head}, case_id FROM cases_caseteammember
    UNION ALL SELECT 'outreach_visit', created_at, '{{}}', recorded_by_id, case_id FROM cases_outreachvisit
    UNION ALL SELECT 'health_service_requested', created_at, '{{}}', recorded_by_id, case_id FROM cases_healthservice
    UNION ALL SELECT 'legal_event', created_at, '{{}}', recorded_by_id, case_id FROM cases_legalevent
    UNION ALL SELECT 'psych_session', created_at, '{{}}', recorded_by_id, case_id FROM cases_psychsession
    UNION ALL SELECT 'plan_approved', decided_at, '{{}}', decided_by_id, case_id FROM cases_interventionplan
    UNION ALL SELECT 'referral_sent', sent_at, '{{}}', sent_by_id, case_id FROM referrals_referral
        WHERE sent_at IS NOT NULL
    UNION ALL SELECT 'closure_approved', closed_at, '{{}}', {head}, id FROM cases_case WHERE closed_at IS NOT NULL
    UNION ALL SELECT 'monitoring_follow_up', done_on::timestamptz, '{{}}', recorded_by_id, case_id
        FROM cases_monitoringfollowup WHERE done_on IS NOT NULL
    """
    _run(cursor, "timeline events", sql)


def _sealed(text: str) -> str:
    """A constant as an encrypted column stores it (a Fernet token: safe inside a SQL literal)."""
    return crypto.encrypt(text)


def _encrypt_plaintexts(cursor) -> None:  # noqa: ANN001
    """Every encrypted column as the app stores it: NULL for "" and a Fernet token for the
    constants the statements above write in plain text (a relation, a place, a plan item's
    description), each distinct value encrypted once."""
    from django.apps import apps

    started = time.perf_counter()
    changed = 0
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if not isinstance(field, crypto.EncryptedMixin):
                continue
            table, column = model._meta.db_table, field.column
            cursor.execute(f'UPDATE "{table}" SET "{column}" = NULL WHERE "{column}" = \'\'')
            changed += cursor.rowcount
            cursor.execute(
                f'SELECT DISTINCT "{column}" FROM "{table}" WHERE "{column}" IS NOT NULL '
                f"AND \"{column}\" NOT LIKE 'gAAAAA%%'"
            )
            plain = [row[0] for row in cursor.fetchall()]
            if not plain:
                continue
            cursor.execute("DROP TABLE IF EXISTS pool_plain; CREATE TEMP TABLE pool_plain (plain text, ct text)")
            buffer = io.StringIO("".join(f"{value}\t{crypto.encrypt(value)}\n" for value in plain))
            cursor.copy_expert("COPY pool_plain (plain, ct) FROM STDIN", buffer)
            cursor.execute(f'UPDATE "{table}" t SET "{column}" = p.ct FROM pool_plain p WHERE t."{column}" = p.plain')
            changed += cursor.rowcount
    cursor.execute("DROP TABLE IF EXISTS pool_plain")
    print(f"  seed {'encrypt plain constants':<28} {changed:>10} rows  {time.perf_counter() - started:6.1f} s")


def _finish(cursor, n_cases: int, detail: bool) -> None:  # noqa: ANN001
    for kind in ("name", "nik", "phone", "addr", "birth", "text"):
        cursor.execute(f"DROP TABLE pool_{kind}")
    cursor.execute("DELETE FROM bench_seed")
    cursor.execute("INSERT INTO bench_seed VALUES (%s, %s, now())", [n_cases, detail])


def heavy_case(*, head_username: str = "kepala1") -> str:
    """The code of a case with a long timeline: 60 services and 40 referrals' worth of events
    added to the busiest seeded case (made once; found again by the marker in bench_seed)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.code, c.id FROM cases_case c JOIN cases_caseevent e ON e.case_id = c.id "
            "WHERE c.status = 'open' GROUP BY c.id ORDER BY count(*) DESC, c.id LIMIT 1"
        )
        code, case_id = cursor.fetchone()
        cursor.execute("SELECT count(*) FROM cases_caseevent WHERE case_id = %s", [case_id])
        if cursor.fetchone()[0] >= 300:
            return str(code)
        cursor.execute("SELECT id FROM accounts_user WHERE username = %s", [head_username])
        head = cursor.fetchone()[0]
        kinds = [
            "outreach_visit",
            "health_service_requested",
            "health_service_done",
            "legal_event",
            "psych_session",
            "referral_created",
            "referral_sent",
            "referral_accepted",
            "referral_action",
            "referral_completed",
            "plan_item_added",
            "plan_item_status",
            "attachment_added",
        ]
        cursor.execute(
            "INSERT INTO cases_caseevent (kind, at, data, actor_id, case_id) "
            "SELECT (%s::text[])[1 + n %% %s], now() - n * interval '1 hour', '{}', %s, %s "
            "FROM generate_series(1, 300) n",
            [kinds, len(kinds), head, case_id],
        )
        # The service rows themselves too: the page must not load them one by one.
        cursor.execute(
            "INSERT INTO referrals_referral (created_at, updated_at, code, services, urgency, shared_fields, "
            "status, letter, case_id, created_by_id, organisation_id, decline_reason_code, outcome_code) "
            "SELECT now(), now(), gen_random_uuid(), '[]', 'biasa', '[]', 'draft', '', %s, %s, "
            "(SELECT min(id) FROM accounts_organisation WHERE kind <> 'uptd_ppa'), '', '' FROM generate_series(1, 40)",
            [case_id, head],
        )
    return str(code)


# --- The audit trail at scale ---------------------------------------------------------------------


def audit_scale() -> int | None:
    """How many audit entries ``seed_audit`` added (None: not seeded yet)."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_audit_seed (entries bigint, seeded_at timestamptz)")
        cursor.execute("SELECT entries FROM bench_audit_seed")
        row = cursor.fetchone()
    return row[0] if row else None


def seed_audit(entries: int) -> None:
    """Add ``entries`` audit entries to a seeded database over the five years, month by month (one
    statement and one commit per month, so that each month's partition and its indexes are filled
    while they are hot). A month's entries concern the cases received in the twelve months before
    it (a case is read while it is worked on) and their people and team memberships, never a case
    not received yet: 88% reads, 7% changes, 5% creations; 45% on cases, 45% on people, 10% on
    team memberships; actors among the unit's staff, addresses of a 10.x office network, a fifth
    of the reads marked as from a list page (``{"list": …}``) as the worklist writes them."""
    if audit_scale() is not None:
        raise RuntimeError("The audit trail is seeded already.")
    from django.contrib.contenttypes.models import ContentType

    from cases.models import Case, CaseTeamMember, Person

    cts = {m: ContentType.objects.get_for_model(m).pk for m in (Case, Person, CaseTeamMember)}
    staff = list(
        User.objects.filter(role__in=[r for _p, r, _n in STAFF if r not in (Role.PIMPINAN, Role.OPERATOR_DATA)])
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    today = timezone.localdate()
    end = timezone.make_aware(datetime.combine(today - timedelta(days=2), datetime.min.time()))
    months = [
        (end.year - YEARS + (end.month - 1 + n) // 12, (end.month - 1 + n) % 12 + 1) for n in range(YEARS * 12 + 1)
    ]
    windows = []
    with connection.cursor() as cursor:
        # People and memberships numbered in case order: a window of cases is a range of numbers.
        for table, name in (("cases_person", "ppl"), ("cases_caseteammember", "tm")):
            cursor.execute(
                f"DROP TABLE IF EXISTS bench_{name}; CREATE UNLOGGED TABLE bench_{name} AS"
                f" SELECT row_number() OVER (ORDER BY case_id, id) AS n, id, case_id FROM {table};"
                f" ALTER TABLE bench_{name} ADD PRIMARY KEY (n); CREATE INDEX ON bench_{name} (case_id)"
            )
        for year, month in months:
            start = timezone.make_aware(datetime(year, month, 1))
            cursor.execute(
                "SELECT min(id), max(id) FROM cases_case WHERE received_at >= %s AND received_at < %s",
                [start - timedelta(days=365), start],
            )
            lo, hi = cursor.fetchone()
            if lo is None:
                continue
            cursor.execute(
                "SELECT (SELECT min(n) FROM bench_ppl WHERE case_id BETWEEN %(lo)s AND %(hi)s),"
                " (SELECT max(n) FROM bench_ppl WHERE case_id BETWEEN %(lo)s AND %(hi)s),"
                " (SELECT min(n) FROM bench_tm WHERE case_id BETWEEN %(lo)s AND %(hi)s),"
                " (SELECT max(n) FROM bench_tm WHERE case_id BETWEEN %(lo)s AND %(hi)s)",
                {"lo": lo, "hi": hi},
            )
            p_lo, p_hi, t_lo, t_hi = cursor.fetchone()
            stop = min(end, timezone.make_aware(datetime(year + month // 12, month % 12 + 1, 1)))
            windows.append({"start": start, "stop": stop, "c_lo": lo, "c_hi": hi, "p_lo": p_lo, "p_hi": p_hi,
                            "t_lo": t_lo, "t_hi": t_hi})  # fmt: skip
    per_month = entries // len(windows)
    sql = f"""
    INSERT INTO auditlog_logentry (content_type_id, object_pk, object_id, object_repr, action, changes_text,
        timestamp, actor_id, remote_addr, additional_data, cid, actor_email)
    SELECT x.ct, x.obj::text, x.obj, x.obj::text, x.action, '', x.at, x.actor,
        ('10.' || (x.actor %% 8) || '.' || (x.actor %% 200) || '.' || (1 + x.n %% 250))::inet,
        CASE WHEN x.action = 3 AND x.n %% 5 = 0 THEN '{{"list": "cases", "page": 1}}'::jsonb END, NULL, NULL
    FROM (
        SELECT n,
            CASE WHEN k < 0.45 THEN {cts[Case]} WHEN k < 0.9 THEN {cts[Person]} ELSE {cts[CaseTeamMember]} END AS ct,
            CASE WHEN k < 0.45 THEN %(c_lo)s + floor(random() * (%(c_hi)s - %(c_lo)s + 1))::bigint
                 WHEN k < 0.9 THEN (SELECT id FROM bench_ppl WHERE bench_ppl.n = r.pn)
                 ELSE (SELECT id FROM bench_tm WHERE bench_tm.n = r.tn) END AS obj,
            CASE WHEN a < 0.88 THEN 3 WHEN a < 0.95 THEN 1 ELSE 0 END AS action,
            %(start)s::timestamptz + random() * (%(stop)s::timestamptz - %(start)s::timestamptz) AS at,
            ({_arr(staff)})[1 + floor(random() * {len(staff)})::int] AS actor
        FROM (SELECT n, random() AS k, random() AS a,
                     %(p_lo)s + floor(random() * (%(p_hi)s - %(p_lo)s + 1))::bigint AS pn,
                     %(t_lo)s + floor(random() * (%(t_hi)s - %(t_lo)s + 1))::bigint AS tn
              FROM generate_series(1, %(count)s) AS n) r
    ) x
    """
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        superuser = cursor.fetchone()[0]
    for i, window in enumerate(windows):
        count = per_month + (entries - per_month * len(windows) if i == len(windows) - 1 else 0)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit = off")
            if superuser:  # consistent by construction: no foreign-key triggers per row
                cursor.execute("SET LOCAL session_replication_role = replica")
            cursor.execute("SELECT audit_partition_create(%s)", [window["start"].date()])  # as the job would have
            cursor.execute(sql, {**window, "count": count})
        if i % 12 == 0:
            print(f"  seed audit {window['start']:%Y-%m}  {time.perf_counter() - started:6.1f} s", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_ppl; DROP TABLE bench_tm")
        cursor.execute("VACUUM (ANALYZE) auditlog_logentry")
        cursor.execute("INSERT INTO bench_audit_seed VALUES (%s, now())", [entries])
    print(f"  seed audit {entries} entries in {time.perf_counter() - started:.1f} s", flush=True)
