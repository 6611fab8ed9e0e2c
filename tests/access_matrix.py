"""The access matrix: every URL pattern and every API operation × every role of the test world ×
an object inside / outside the role's scope → the status the app must answer (docs/architecture.md#roles-and-access).

Read by tests/test_access_matrix.py, which fails when a URL pattern or an API operation has no
row here, when a row names something that no longer exists, and when the app answers otherwise.

Notation of an expectation (one string per method):

    "kepala=200 team=200/404 *=404"

- who: a role of the test world (admin, kepala, pengaduan, manajer, manajer_lain, psikolog,
  hukum, operator, penghubung, pimpinan, dpo), ``anon`` (not logged in), a group (``team`` =
  manajer, psikolog, hukum: the team of case_a), several joined by commas, or ``*``: every
  authenticated role not named before it. Anonymous defaults to ``login`` (pages: 302 to the
  login page) or ``401`` (API), unless named.
- what: ``inside/outside`` for a row with a subject (the objects of tests/test_access_matrix.py
  ``subjects``: "inside" is case_a's record / the referral to Dinas Sosial, "outside" case_b's /
  the referral to RSUD), or one value for both (and for rows without a subject).
- values: an HTTP status (200, 302, 403, 404, 405, …), ``login`` (302 to the login page), or,
  for unsafe methods only, ``ok``: the request passed every access check (200 form with errors,
  201/204, 400 invalid input, or a redirect that is not the login page) — sent with an empty
  body, so that a row says "may try", not "succeeds".
- ``MIRROR`` for an unsafe method: the GET row's answers, with every 200 read as ``ok``.

Out of scope is 404, never 403 (docs/architecture.md#roles-and-access); 403 means "you see it but may not do that"
(or, on lists and forms without an object, "your role has no such page": the code's choice).
"""

from __future__ import annotations

from dataclasses import dataclass, field

ROLES: tuple[str, ...] = (
    "admin",
    "kepala",
    "pengaduan",
    "manajer",
    "manajer_lain",
    "psikolog",
    "hukum",
    "operator",
    "penghubung",
    "pimpinan",
    "dpo",
)
ANON = "anon"
GROUPS: dict[str, tuple[str, ...]] = {"team": ("manajer", "psikolog", "hukum")}
UNSAFE = ("POST", "PUT", "PATCH", "DELETE")
MIRROR = "=GET"
OK = "ok"
LOGIN = "login"

# Who never sees case content (docs/architecture.md#roles-and-access + the test world's outsider in the unit).
NO_CASE_CONTENT = ("admin", "operator", "penghubung", "pimpinan", "manajer_lain", "dpo")


@dataclass(frozen=True)
class Row:
    """One URL (a page by its name, or an API operation "METHOD /path/{param}/") and what each
    role gets. ``subject``: the objects whose kwargs fill the URL (None: the URL takes none).
    ``methods``: method -> expectation. ``content``: the URL shows or changes case content
    (cases, people, referrals, attachments): admin, pimpinan and the outsiders must get 404."""

    key: str
    subject: str | None
    methods: dict[str, str]
    content: bool = False
    note: str = ""
    api: bool = field(default=False)
    query: str = ""  # appended to the URL (an operation that needs a period, …)


def page(name: str, subject: str | None = None, *, content: bool = False, note: str = "", **methods: str) -> Row:
    return Row(name, subject, {m.upper(): spec for m, spec in methods.items()}, content=content, note=note)


def api(key: str, subject: str | None, spec: str, *, content: bool = False, note: str = "", query: str = "") -> Row:
    method, _path = key.split(" ", 1)
    return Row(key, subject, {method: spec}, content=content, note=note, api=True, query=query)


def expand(spec: str, *, default_anon: str, paired: bool) -> dict[tuple[str, str], str]:
    """``spec`` as {(role, "in"|"out"): value} for every role and anonymous."""
    result: dict[tuple[str, str], str] = {}
    named: set[str] = set()
    for clause in spec.split():
        who, _, what = clause.partition("=")
        values = what.split("/")
        if len(values) > 2 or not what or (len(values) == 2 and not paired):
            raise ValueError(f"bad clause {clause!r} in {spec!r}")
        inside, outside = values[0], values[-1]
        if who == "*":
            roles = [r for r in ROLES if r not in named]
        else:
            roles = [r for part in who.split(",") for r in GROUPS.get(part, (part,))]
            unknown = set(roles) - {*ROLES, ANON}
            if unknown:
                raise ValueError(f"unknown role {unknown} in {spec!r}")
        for role in roles:
            result[(role, "in")], result[(role, "out")] = inside, outside
            named.add(role)
    for role in ROLES:
        if role not in named:
            raise ValueError(f"{spec!r} says nothing about {role}")
    if ANON not in named:
        result[(ANON, "in")] = result[(ANON, "out")] = default_anon
    return result


def mirrored(get: dict[tuple[str, str], str]) -> dict[tuple[str, str], str]:
    return {who: (OK if value == "200" else value) for who, value in get.items()}


def expectations(row: Row) -> dict[str, dict[tuple[str, str], str]]:
    """Every method of ``row`` expanded: {method: {(role, side): value}}."""
    default_anon = "401" if row.api else LOGIN
    paired = row.subject is not None
    expanded = {
        method: expand(spec, default_anon=default_anon, paired=paired)
        for method, spec in row.methods.items()
        if spec != MIRROR
    }
    for method, spec in row.methods.items():
        if spec == MIRROR:
            expanded[method] = mirrored(expanded["GET"])
    return expanded


# --- Role groups in words ------------------------------------------------------------------------
# The case pages: the head sees every case, the team its own, everybody else nothing (404).
CASE_READ = "kepala=200 team=200/404 *=404"
# A form of the case the whole team may use (can_work_on_case / edit_people / record_consent …).
TEAM_FORM = CASE_READ
# Forms of the head alone (assign the team, registry numbers, approve the plan).
HEAD_FORM = "kepala=200 team=403/404 *=404"
# Legal forms: the team's manager and legal advisor (cases.record_legal_event).
LEGAL_FORM = "kepala=200 manajer,hukum=200/404 psikolog=403/404 *=404"
# Mediation: the team's case manager (cases.manage_mediation).
MEDIATION_FORM = "kepala=200 manajer=200/404 psikolog,hukum=403/404 *=404"
# A case's access history: the head and the DPO for every case, the case's manager for their own.
ACCESS_HISTORY = "kepala,dpo=200 manajer=200/404 *=404"
# A POST-only page: every logged-in user gets 405 on GET (nothing is looked up).
POST_ONLY = "*=405"
# Case-worker lists (cases.view_worklist): the roles that work with cases.
WORKER_LIST = "kepala,pengaduan,team,manajer_lain=200 *=403"

# The breach register: the head of the unit and the data protection officer; 404 for the rest.
BREACH = "kepala,dpo=200 *=404"
BREACH_WRITE = "kepala,dpo=ok *=404"
BREACH_REDIRECT = "kepala,dpo=302 *=404"
# The DPIA: the data protection officer writes it; the head reads it (403 on the form).
DPIA_WRITE = "dpo=200 kepala=403 *=404"

# Coordination (issue 18): the minutes of a conference are the case manager's, the note-taker's
# and the head's; an action item is read by the case's team, the head and its organisation's liaisons.
CONFERENCE_WRITE = "kepala=ok manajer=ok/404 psikolog,hukum=403/404 *=404"
ACTION_ITEM_READ = "kepala=200 team,penghubung=200/404 *=404"
MEETING_READ = "kepala,pimpinan=200 *=404"
MEETING_FORM = "kepala=200 pimpinan=403 *=404"
MEETING_WRITE = "kepala=ok pimpinan=403 *=404"
# The same on one meeting (no meeting is outside anyone's scope: the "/404" is never asked).
MEETING_OBJECT_WRITE = "kepala=ok pimpinan=403/404 *=404"

PAGES: tuple[Row, ...] = (
    page("home", get="*=200"),
    page("accounts:audit", get="admin,kepala,dpo=200 *=403"),
    page("accounts:notifications", get="*=200"),
    page("accounts:role-changes", get="kepala=200 *=403"),
    page("accounts:role-change-approve", "role_change", get=POST_ONLY, post="kepala=ok *=404"),
    page("accounts:role-change-refuse", "role_change", get=POST_ONLY, post="kepala=ok *=404"),
    page("operations:backups", get="kepala=200 dpo=200 *=403"),
    # the breach register (dataprotection/): the head and the data protection officer
    page("dataprotection:list", get=BREACH),
    page("dataprotection:create", get=BREACH, post=MIRROR),
    page("dataprotection:detail", "incident", get=BREACH),
    page("dataprotection:edit", "incident", get=BREACH, post=MIRROR),
    page("dataprotection:statement", "incident", get=BREACH, post=MIRROR),
    page("dataprotection:close", "incident", get=BREACH, post=MIRROR),
    page("dataprotection:notice-add", "incident", get=BREACH, post=MIRROR),
    page("dataprotection:notice-edit", "notice", get=BREACH, post=MIRROR),
    page("dataprotection:notice-sent", "notice", get=BREACH, post=MIRROR),
    page("dataprotection:notice-letter", "notice", get=BREACH),
    # data-subject requests: the head and the data protection officer (an open access request)
    page("dataprotection:request-list", get=BREACH),
    page("dataprotection:request-create", get=BREACH, post=MIRROR),
    page("dataprotection:request-detail", "subject_request", get=BREACH),
    page("dataprotection:request-decide", "subject_request", get=BREACH, post=MIRROR),
    page("dataprotection:request-correct", "subject_request", get=BREACH, post=MIRROR),
    # lifting a restriction is a POST; a GET goes back to the request
    page("dataprotection:request-lift", "subject_request", get=BREACH_REDIRECT, post=MIRROR),
    # the release of an undecided request is refused: back to the request with the reason
    page("dataprotection:request-pdf", "subject_request", get=BREACH_REDIRECT),
    page("dataprotection:request-json", "subject_request", get=BREACH_REDIRECT),
    # the record of processing (Pasal 31) and the DPIA (Pasal 34): read by both, the DPIA written by the DPO
    page("dataprotection:processing-record", get=BREACH),
    page("dataprotection:processing-record-pdf", get=BREACH),
    page("dataprotection:dpia", get=BREACH),
    page("dataprotection:dpia-edit", get=DPIA_WRITE, post=MIRROR),
    page("dataprotection:dpia-version", "dpia_version", get=BREACH),
    # retention and destruction: the head and the data protection officer (holds and the order
    # to destroy are the head's: the service refuses the officer, the page says so)
    page("dataprotection:retention", get=BREACH),
    page("dataprotection:hold-place", get=BREACH, post=MIRROR),
    page("dataprotection:hold-lift", "legal_hold", get=BREACH, post=MIRROR),
    page("dataprotection:batch-propose", get=BREACH, post=MIRROR),
    page("dataprotection:batch", "disposal_batch", get=BREACH),
    page("dataprotection:batch-approval", "disposal_batch", get=BREACH, post=MIRROR),
    page("dataprotection:batch-execute", "disposal_batch", get=BREACH, post=MIRROR),
    page("dataprotection:berita-acara", "disposal_batch", get=BREACH),
    # cases: worklist, intake, the case page
    page("cases:list", get=WORKER_LIST),
    page("cases:intake-queue", get="kepala,pengaduan=200 *=403"),
    page("cases:detail", "case", content=True, get=CASE_READ),
    page("cases:detail", "intake", content=True, get="kepala=200 pengaduan=200/404 *=404"),
    page("cases:intake-create", get="kepala,pengaduan=200 *=403", post=MIRROR),
    page(
        "cases:triage",
        "intake",
        content=True,
        note="outside: a complaint already ended at intake, which the head can no longer triage",
        get="kepala=200/403 pengaduan=200/404 *=404",
        post=MIRROR,
    ),
    page("cases:triage", "case", content=True, get="kepala=403 team=403/404 *=404", post=MIRROR),
    page("cases:person-add", "case", content=True, get=TEAM_FORM, post=MIRROR),
    page("cases:person-add", "intake", content=True, get="kepala=200 pengaduan=200/404 *=404", post=MIRROR),
    page("cases:person-edit", "person", content=True, get=TEAM_FORM, post=MIRROR),
    page("cases:person-matches", "case", content=True, get=TEAM_FORM),
    page("cases:team", "case", content=True, get=HEAD_FORM, post=MIRROR),
    page("cases:team-remove", "team_member", content=True, get=POST_ONLY, post="kepala=ok team=403/404 *=404"),
    page("cases:police-report", "case", content=True, get=LEGAL_FORM, post=MIRROR),
    page("cases:registry", "case", content=True, get=HEAD_FORM, post=MIRROR),
    # cases: services (support)
    page("cases:support", "case", content=True, get=CASE_READ),
    page("cases:support-outreach-add", "case", content=True, get=TEAM_FORM, post=MIRROR),
    page("cases:support-health-add", "case", content=True, get=TEAM_FORM, post=MIRROR),
    page("cases:support-health-complete", "health_service", content=True, get=TEAM_FORM, post=MIRROR),
    page("cases:support-assessment-add", "case", content=True, get=TEAM_FORM, post=MIRROR),
    page("cases:support-plan-item-add", "case", content=True, get=TEAM_FORM, post=MIRROR),
    page(
        "cases:support-plan-item-remove",
        "plan_item",
        content=True,
        get=POST_ONLY,
        post="kepala=ok team=ok/404 *=404",
    ),
    page("cases:support-plan-item-status", "plan_item", content=True, get=TEAM_FORM, post=MIRROR),
    # Workflows that don't lose the user (issue 13 §4): a plan item changed on the plan page.
    page("cases:support-plan-item-edit", "plan_item", content=True, get=TEAM_FORM, post=MIRROR),
    page("cases:support-plan-submit", "case", content=True, get=TEAM_FORM, post=MIRROR),
    page("cases:support-plan-decide", "case", content=True, get=HEAD_FORM, post=MIRROR),
    # cases: legal
    page("cases:legal", "case", content=True, get=CASE_READ),
    page("cases:legal-event-add", "case", content=True, get=LEGAL_FORM, post=MIRROR),
    page("cases:mediation-open", "case", content=True, get=MEDIATION_FORM, post=MIRROR),
    page("cases:mediation-session-add", "mediation", content=True, get=MEDIATION_FORM, post=MIRROR),
    page("cases:mediation-close", "mediation", content=True, get=MEDIATION_FORM, post=MIRROR),
    page("cases:mediation-follow-up-add", "mediation", content=True, get=MEDIATION_FORM, post=MIRROR),
    page("cases:restitution-set", "case", content=True, get=LEGAL_FORM, post=MIRROR),
    page("cases:accompaniment-add", "case", content=True, get=LEGAL_FORM, post=MIRROR),
    page("cases:legal-aid-add", "case", content=True, get=LEGAL_FORM, post=MIRROR),
    page("cases:legal-aid-edit", "legal_aid", content=True, get=LEGAL_FORM, post=MIRROR),
    page("cases:legal-aid-end", "legal_aid", content=True, get=LEGAL_FORM, post=MIRROR),
    # cases: protection
    page("cases:protection", "case", content=True, get=CASE_READ),
    page(
        "cases:psych-session-add",
        "case",
        content=True,
        get="kepala=200 psikolog=200/404 manajer,hukum=403/404 *=404",
        post=MIRROR,
    ),
    page("cases:shelter-admit", "case", content=True, get=TEAM_FORM, post=MIRROR),
    page("cases:shelter-discharge", "shelter_stay", content=True, get=TEAM_FORM, post=MIRROR),
    page("cases:consent-add", "case", content=True, get=TEAM_FORM, post=MIRROR),
    page("cases:victim-right", "victim_right", content=True, get=TEAM_FORM, post=MIRROR),
    # cases: closure, tasks
    page("cases:tasks", get=WORKER_LIST),
    page("cases:closure", "case", content=True, get=CASE_READ),
    page(
        "cases:closure-request",
        "case",
        content=True,
        get=POST_ONLY,
        post="kepala=ok manajer=ok/404 psikolog,hukum=403/404 *=404",
    ),
    page("cases:closure-approve", "case", content=True, get=POST_ONLY, post="kepala=ok team=403/404 *=404"),
    page("cases:closure-return", "case", content=True, get=POST_ONLY, post="kepala=ok team=403/404 *=404"),
    page("cases:case-reopen", "closed_case", content=True, get=POST_ONLY, post="kepala=ok team=403/404 *=404"),
    page("cases:monitoring-follow-up", "follow_up", content=True, get=POST_ONLY, post="kepala=ok team=ok/404 *=404"),
    # cases: attachments
    page("cases:attachments", "case", content=True, get=CASE_READ, post=MIRROR),
    # cases: the access history (codes, users and times; no case content, so the DPO reads it too)
    page("cases:access-history", "case", get=ACCESS_HISTORY, note="cases.access.can_view_access_history"),
    page("cases:attachment-download", "attachment", content=True, get=CASE_READ),
    page("cases:attachment-remove", "attachment", content=True, get=TEAM_FORM, post=MIRROR),
    # the public complaint form: no login, for everybody
    page("public:complaint", get="anon=200 *=200", post="anon=ok *=ok"),
    page("public:status", get="anon=200 *=200", post="anon=ok *=ok"),
    # the receipt of a sent complaint, from the sender's session; without one, to the status page
    page("public:sent", get="anon=302 *=302", post="anon=405 *=405"),
    # referrals: the sender's pages (a liaison never reaches them)
    page("referrals:case", "referral_case", content=True, get=CASE_READ),
    page("referrals:create", "referral_case", content=True, get=TEAM_FORM, post=MIRROR),
    page("referrals:detail", "referral", content=True, get=CASE_READ),
    page("referrals:send", "referral", content=True, get=POST_ONLY, post="kepala=ok team=ok/404 *=404"),
    # Workflows that don't lose the user (issue 13 §4): a draft is changed until sent (the subject
    # is sent: its team is sent back to the referral's page with the reason).
    page(
        "referrals:edit",
        "referral",
        content=True,
        get="kepala=302 team=302/404 *=404",
        post="kepala=ok team=ok/404 *=404",
    ),
    page("referrals:revoke", "referral", content=True, get=POST_ONLY, post="kepala=ok team=ok/404 *=404"),
    # the letter and the action files: the sender's side and the receiving liaison
    page("referrals:letter", "referral", content=True, get="kepala=200 team,penghubung=200/404 *=404"),
    page("referrals:action-file", "action_file", content=True, get="kepala=200 team,penghubung=200/404 *=404"),
    # referrals: the liaison's portal
    page("referrals:inbox", get="penghubung=200 *=404"),
    page("referrals:inbox-detail", "referral", content=True, get="penghubung=200/404 *=404"),
    page("referrals:accept", "referral", content=True, get=POST_ONLY, post="penghubung=ok/404 *=404"),
    # declining and completing: a page of their own that asks for the confirmation (the GET only
    # shows it); the referral inside is accepted, so the decline page sends back to the referral
    page("referrals:decline", "referral", content=True, get="penghubung=302/404 *=404", post="penghubung=ok/404 *=404"),
    page("referrals:action-add", "referral", content=True, get=POST_ONLY, post="penghubung=ok/404 *=404"),
    page(
        "referrals:complete", "referral", content=True, get="penghubung=200/404 *=404", post="penghubung=ok/404 *=404"
    ),
    page("referrals:overview", get="kepala=200 *=404"),
    # coordination: case conferences, the liaison's portal, action items, task-force meetings (issue 18)
    page("coordination:case", "case", content=True, get=CASE_READ),
    page("coordination:schedule", "case", content=True, get=MEDIATION_FORM, post=MIRROR),
    page("coordination:conference", "conference", content=True, get=CASE_READ),
    page("coordination:hold", "scheduled_conference", content=True, get=POST_ONLY, post=CONFERENCE_WRITE),
    page("coordination:cancel", "scheduled_conference", content=True, get=POST_ONLY, post=CONFERENCE_WRITE),
    page("coordination:decision-add", "conference", content=True, get=POST_ONLY, post=CONFERENCE_WRITE),
    page("coordination:item-add", "conference", content=True, get=POST_ONLY, post=CONFERENCE_WRITE),
    page(
        "coordination:attendance",
        "conference_attendance",
        content=True,
        note="the team is refused by the rule (a message), not by access; a liaison records their organisation's row",
        get=POST_ONLY,
        post="kepala=ok team,penghubung=ok/404 *=404",
    ),
    page("coordination:action-item", "action_item", content=True, get=ACTION_ITEM_READ, post=MIRROR),
    page("coordination:portal", get="penghubung=200 *=404"),
    page("coordination:portal-conference", "conference", content=True, get="penghubung=200/404 *=404"),
    page("coordination:meetings", get=MEETING_READ),
    page("coordination:meeting-create", get=MEETING_FORM, post=MIRROR),
    page("coordination:meeting", "meeting", get=MEETING_READ),
    page("coordination:meeting-decision-add", "meeting", get=POST_ONLY, post=MEETING_OBJECT_WRITE),
    page("coordination:meeting-item-add", "meeting", get=POST_ONLY, post=MEETING_OBJECT_WRITE),
    # reports: aggregates for leadership and the head; case-level exports for the operator and the head
    page("reports:dashboard", get="kepala,pimpinan=200 *=404"),
    page("reports:generate", get="kepala,operator=200 *=404", post=MIRROR),
    page("reports:run", "snapshot_run", get="kepala,operator=200 *=404"),
    page("reports:run-status", "snapshot_run", get="kepala,operator=200 *=404"),
    page("reports:exports", get="kepala,operator,pimpinan=200 *=404", post=MIRROR),
    page(
        "reports:export_download",
        "report_file",
        note="inside: leadership's (suppressed) statistics workbook; outside: the case-level export",
        get="kepala,operator=200 pimpinan=200/404 *=404",
    ),
    page("reports:simfoni", content=True, get="kepala,operator=200 *=404"),
    page("reports:simfoni_export", content=True, get="kepala,operator=200 *=404"),
    # inter-agency accountability (issue 18 §2-3): the task-force report (the head and leadership make
    # it; a liaison sees their own row) and the KLA evidence pack (made by the head and the operator)
    page("reports:taskforce", get="kepala,pimpinan,penghubung=200 *=404", post="kepala,pimpinan=ok *=404"),
    page("reports:taskforce-detail", "taskforce_report", get="kepala,pimpinan,penghubung=200 *=404"),
    page("reports:taskforce-pdf", "taskforce_report", get="kepala,pimpinan,penghubung=200 *=404"),
    page("reports:taskforce-xlsx", "taskforce_report", get="kepala,pimpinan,penghubung=200 *=404"),
    page("reports:kla", get="kepala,pimpinan,operator=200 *=404", post="kepala,operator=ok *=404"),
    page("reports:kla-detail", "kla_pack", get="kepala,pimpinan,operator=200 *=404"),
    page("reports:kla-pdf", "kla_pack", get="kepala,pimpinan,operator=200 *=404"),
    page("reports:kla-xlsx", "kla_pack", get="kepala,pimpinan,operator=200 *=404"),
    # project pages of third-party views that are checked like the others
    page("set_language", get="anon=302 *=302", post="anon=ok *=ok", note="the language switch: no data"),
    page(
        "api-docs",
        get="admin,kepala,pengaduan,team,manajer_lain,operator,dpo=200 anon=404 *=404",
        note="the API's documentation page: the staff roles that use the API (uptdppa.permissions.ApiDocsReaders)",
    ),
    page("admin:index", get="admin=200 *=login", note="the admin site: the administrator only"),
    page(
        "reports:simfoni_mark",
        "simfoni_case",
        content=True,
        note="outside: a complaint not registered (not in SIMFONI)",
        get=POST_ONLY,
        post="kepala,operator=ok/404 *=404",
    ),
)

# --- The API (keyed by the schema's method and path) ---------------------------------------------
# A liaison's session or token reaches only the inbox and their own account: 404 everywhere else
# (uptdppa.permissions.LiaisonScope), so "*" rows give penghubung 404 like any outsider.
API_TEAM_WRITE = "kepala=ok team=ok/404 *=404"
API_HEAD_WRITE = "kepala=ok team=403/404 *=404"
API_LEGAL_WRITE = "kepala=ok manajer,hukum=ok/404 psikolog=403/404 *=404"
API_MEDIATION_WRITE = "kepala=ok manajer=ok/404 psikolog,hukum=403/404 *=404"
API_INBOX_WRITE = "penghubung=ok/404 *=404"
V1 = "/api/v1"
PERIOD = "?from=2025-01-01&to=2025-01-31"

API: tuple[Row, ...] = (
    # accounts
    api(f"POST {V1}/auth/token/", None, "anon=ok *=ok", note="AllowAny: the login of API clients"),
    api(f"POST {V1}/auth/token/revoke/", None, "*=401", note="revokes the token it is called with: a session has none"),
    api(f"GET {V1}/me/", None, "*=200"),
    api(f"GET {V1}/role-changes/", None, "kepala=200 penghubung=404 *=403"),
    api(f"POST {V1}/role-changes/{{code}}/approve/", "role_change", "kepala=ok *=404"),
    api(f"POST {V1}/role-changes/{{code}}/refuse/", "role_change", "kepala=ok *=404"),
    # intake and the worklist
    api(f"GET {V1}/intakes/", None, "kepala,pengaduan=200 penghubung=404 *=403"),
    api(f"POST {V1}/intakes/", None, "kepala,pengaduan=ok penghubung=404 *=403"),
    api(f"GET {V1}/cases/", None, "kepala,pengaduan,team,manajer_lain=200 penghubung=404 *=403", content=True),
    api(f"GET {V1}/cases/{{code}}/", "case", CASE_READ, content=True),
    api(f"GET {V1}/cases/{{code}}/", "intake", "kepala=200 pengaduan=200/404 *=404", content=True),
    api(
        f"POST {V1}/cases/{{code}}/triage/propose/",
        "intake",
        "kepala=ok/403 pengaduan=ok/404 *=404",
        content=True,
    ),
    api(f"POST {V1}/cases/{{code}}/triage/decide/", "intake", "kepala=ok/403 pengaduan=403/404 *=404", content=True),
    api(f"POST {V1}/cases/{{code}}/team/", "case", API_HEAD_WRITE, content=True),
    api(f"DELETE {V1}/cases/{{code}}/team/{{user_code}}/", "api_team_member", API_HEAD_WRITE, content=True),
    api(f"POST {V1}/cases/{{code}}/police-report/", "case", API_LEGAL_WRITE, content=True),
    api(f"POST {V1}/cases/{{code}}/registry/", "case", API_HEAD_WRITE, content=True),
    # people
    api(f"POST {V1}/cases/{{code}}/people/", "case", API_TEAM_WRITE, content=True),
    api(
        f"GET {V1}/cases/{{code}}/people/matches/",
        "case",
        "kepala=200 team=200/404 *=404",
        content=True,
        query="?name=Contoh",
    ),
    api(f"PATCH {V1}/people/{{code}}/", "api_person", API_TEAM_WRITE, content=True),
    api(f"POST {V1}/people/{{code}}/relations/", "api_person", API_TEAM_WRITE, content=True),
    # the public complaint: no login
    api(f"POST {V1}/public/complaints/", None, "anon=ok *=ok"),
    api(f"POST {V1}/public/complaints/status/", None, "anon=ok *=ok"),
    # support
    api(f"GET {V1}/cases/{{code}}/outreach-visits/", "case", CASE_READ, content=True),
    api(f"POST {V1}/cases/{{code}}/outreach-visits/", "case", API_TEAM_WRITE, content=True),
    api(f"GET {V1}/cases/{{code}}/health-services/", "case", CASE_READ, content=True),
    api(f"POST {V1}/cases/{{code}}/health-services/", "case", API_TEAM_WRITE, content=True),
    api(f"POST {V1}/health-services/{{code}}/complete/", "api_health_service", API_TEAM_WRITE, content=True),
    api(f"GET {V1}/cases/{{code}}/assessments/", "case", CASE_READ, content=True),
    api(f"POST {V1}/cases/{{code}}/assessments/", "case", API_TEAM_WRITE, content=True),
    api(f"GET {V1}/cases/{{code}}/plan/", "case", CASE_READ, content=True),
    api(f"POST {V1}/cases/{{code}}/plan/items/", "case", API_TEAM_WRITE, content=True),
    api(f"POST {V1}/cases/{{code}}/plan/submit/", "case", API_TEAM_WRITE, content=True),
    api(f"POST {V1}/cases/{{code}}/plan/approve/", "case", API_HEAD_WRITE, content=True),
    api(f"POST {V1}/cases/{{code}}/plan/return/", "case", API_HEAD_WRITE, content=True),
    api(f"DELETE {V1}/plan-items/{{code}}/", "api_plan_item", API_TEAM_WRITE, content=True),
    # Workflows that don't lose the user (issue 13 §4): a plan item changed.
    api(f"PUT {V1}/plan-items/{{code}}/", "api_plan_item", API_TEAM_WRITE, content=True),
    api(f"POST {V1}/plan-items/{{code}}/status/", "api_plan_item", API_TEAM_WRITE, content=True),
    # legal
    api(f"GET {V1}/cases/{{code}}/legal-events/", "case", CASE_READ, content=True),
    api(f"POST {V1}/cases/{{code}}/legal-events/", "case", API_LEGAL_WRITE, content=True),
    api(f"GET {V1}/cases/{{code}}/mediations/", "case", CASE_READ, content=True),
    api(f"POST {V1}/cases/{{code}}/mediations/", "case", API_MEDIATION_WRITE, content=True),
    api(f"POST {V1}/mediations/{{code}}/sessions/", "api_mediation", API_MEDIATION_WRITE, content=True),
    api(f"POST {V1}/mediations/{{code}}/close/", "api_mediation", API_MEDIATION_WRITE, content=True),
    api(f"POST {V1}/mediations/{{code}}/follow-ups/", "api_mediation", API_MEDIATION_WRITE, content=True),
    api(f"GET {V1}/cases/{{code}}/restitutions/", "case", CASE_READ, content=True),
    api(f"PUT {V1}/cases/{{code}}/restitutions/", "case", API_LEGAL_WRITE, content=True),
    api(f"GET {V1}/cases/{{code}}/accompaniments/", "case", CASE_READ, content=True),
    api(f"POST {V1}/cases/{{code}}/accompaniments/", "case", API_LEGAL_WRITE, content=True),
    api(f"GET {V1}/cases/{{code}}/legal-aid/", "case", CASE_READ, content=True),
    api(f"POST {V1}/cases/{{code}}/legal-aid/", "case", API_LEGAL_WRITE, content=True),
    api(f"PUT {V1}/legal-aid/{{code}}/", "api_legal_aid", API_LEGAL_WRITE, content=True),
    api(f"POST {V1}/legal-aid/{{code}}/end/", "api_legal_aid", API_LEGAL_WRITE, content=True),
    # protection
    api(f"GET {V1}/cases/{{code}}/psych-sessions/", "case", CASE_READ, content=True),
    api(
        f"POST {V1}/cases/{{code}}/psych-sessions/",
        "case",
        "kepala=ok psikolog=ok/404 manajer,hukum=403/404 *=404",
        content=True,
    ),
    api(f"GET {V1}/cases/{{code}}/shelter-stays/", "case", CASE_READ, content=True),
    api(f"POST {V1}/cases/{{code}}/shelter-stays/", "case", API_TEAM_WRITE, content=True),
    api(f"POST {V1}/shelter-stays/{{code}}/discharge/", "api_shelter_stay", API_TEAM_WRITE, content=True),
    api(f"GET {V1}/cases/{{code}}/consents/", "case", CASE_READ, content=True),
    api(f"POST {V1}/cases/{{code}}/consents/", "case", API_TEAM_WRITE, content=True),
    api(f"GET {V1}/cases/{{code}}/victims/{{person}}/rights/", "api_victim", CASE_READ, content=True),
    api(f"PUT {V1}/cases/{{code}}/victims/{{person}}/rights/{{right}}/", "victim_right", API_TEAM_WRITE, content=True),
    # closure
    api(f"GET {V1}/cases/{{code}}/closure/", "case", CASE_READ, content=True),
    api(
        f"POST {V1}/cases/{{code}}/closure/request/",
        "case",
        "kepala=ok manajer=ok/404 psikolog,hukum=403/404 *=404",
        content=True,
    ),
    api(f"POST {V1}/cases/{{code}}/closure/approve/", "case", API_HEAD_WRITE, content=True),
    api(f"POST {V1}/cases/{{code}}/closure/return/", "case", API_HEAD_WRITE, content=True),
    api(f"POST {V1}/cases/{{code}}/reopen/", "closed_case", API_HEAD_WRITE, content=True),
    api(f"POST {V1}/follow-ups/{{code}}/", "api_follow_up", API_TEAM_WRITE, content=True),
    # attachments
    api(f"GET {V1}/cases/{{code}}/attachments/", "case", CASE_READ, content=True),
    api(f"GET {V1}/cases/{{code}}/access-history/", "case", ACCESS_HISTORY),
    api(
        f"POST {V1}/cases/{{code}}/attachments/",
        "case",
        "kepala=415 team=415/404 *=404",
        content=True,
        note="a JSON body to a multipart upload: 415, after the access checks",
    ),
    api(f"GET {V1}/attachments/{{code}}/download/", "api_attachment", CASE_READ, content=True),
    api(f"DELETE {V1}/attachments/{{code}}/", "api_attachment", API_TEAM_WRITE, content=True),
    # coordination (issue 18): conferences, the liaison's part, action items, task-force meetings
    api(f"GET {V1}/coordination/cases/{{code}}/conferences/", "case", CASE_READ, content=True),
    api(f"POST {V1}/coordination/cases/{{code}}/conferences/", "case", API_MEDIATION_WRITE, content=True),
    api(f"GET {V1}/coordination/conferences/{{code}}/", "conference", CASE_READ, content=True),
    api(
        f"POST {V1}/coordination/conferences/{{code}}/hold/", "scheduled_conference", API_MEDIATION_WRITE, content=True
    ),
    api(
        f"POST {V1}/coordination/conferences/{{code}}/cancel/",
        "scheduled_conference",
        API_MEDIATION_WRITE,
        content=True,
    ),
    api(f"POST {V1}/coordination/conferences/{{code}}/decisions/", "conference", API_MEDIATION_WRITE, content=True),
    api(f"POST {V1}/coordination/conferences/{{code}}/action-items/", "conference", API_MEDIATION_WRITE, content=True),
    api(
        f"POST {V1}/coordination/conferences/{{code}}/attendance/{{attendance}}/",
        "conference_attendance",
        "kepala=ok team,penghubung=ok/404 *=404",
        content=True,
    ),
    api(f"GET {V1}/coordination/portal/conferences/{{code}}/", "conference", "penghubung=200/404 *=404", content=True),
    api(f"GET {V1}/coordination/action-items/", None, "kepala,team,manajer_lain,penghubung=200 *=404", content=True),
    api(f"GET {V1}/coordination/action-items/{{code}}/", "action_item", ACTION_ITEM_READ, content=True),
    api(
        f"POST {V1}/coordination/action-items/{{code}}/status/",
        "action_item",
        "kepala=ok manajer,penghubung=ok/404 psikolog,hukum=403/404 *=404",
        content=True,
    ),
    api(f"GET {V1}/coordination/meetings/", None, MEETING_READ),
    api(f"POST {V1}/coordination/meetings/", None, MEETING_WRITE),
    api(f"GET {V1}/coordination/meetings/{{code}}/", "meeting", MEETING_READ),
    api(f"POST {V1}/coordination/meetings/{{code}}/decisions/", "meeting", MEETING_OBJECT_WRITE),
    api(f"POST {V1}/coordination/meetings/{{code}}/action-items/", "meeting", MEETING_OBJECT_WRITE),
    # referrals: the sender's side
    api(f"GET {V1}/cases/{{code}}/referrals/", "referral_case", CASE_READ, content=True),
    api(f"POST {V1}/cases/{{code}}/referrals/", "referral_case", API_TEAM_WRITE, content=True),
    api(f"GET {V1}/referrals/overview/", None, "kepala=200 *=404"),
    api(f"GET {V1}/referrals/{{code}}/", "referral", CASE_READ, content=True),
    api(f"POST {V1}/referrals/{{code}}/send/", "referral", API_TEAM_WRITE, content=True),
    # Workflows that don't lose the user (issue 13 §4): a draft changed.
    api(f"PUT {V1}/referrals/{{code}}/", "referral", API_TEAM_WRITE, content=True),
    api(f"POST {V1}/referrals/{{code}}/revoke/", "referral", API_TEAM_WRITE, content=True),
    api(f"GET {V1}/referrals/{{code}}/letter/", "referral", CASE_READ, content=True),
    api(f"GET {V1}/referrals/{{code}}/action-files/{{file}}/", "action_file", CASE_READ, content=True),
    # referrals: the liaison's inbox
    api(f"GET {V1}/inbox/referrals/", None, "penghubung=200 *=404"),
    api(f"GET {V1}/inbox/referrals/{{code}}/", "referral", "penghubung=200/404 *=404", content=True),
    api(f"POST {V1}/inbox/referrals/{{code}}/accept/", "referral", API_INBOX_WRITE, content=True),
    api(f"POST {V1}/inbox/referrals/{{code}}/decline/", "referral", API_INBOX_WRITE, content=True),
    api(f"POST {V1}/inbox/referrals/{{code}}/actions/", "referral", API_INBOX_WRITE, content=True),
    api(f"POST {V1}/inbox/referrals/{{code}}/complete/", "referral", API_INBOX_WRITE, content=True),
    api(f"GET {V1}/inbox/referrals/{{code}}/letter/", "referral", "penghubung=200/404 *=404", content=True),
    api(
        f"GET {V1}/inbox/referrals/{{code}}/action-files/{{file}}/",
        "action_file",
        "penghubung=200/404 *=404",
        content=True,
    ),
    # reports
    api(
        f"GET {V1}/statistics/",
        None,
        "kepala,pimpinan,operator=200 *=404",
        query=PERIOD,
        note="aggregates; the operator exports statistics too (reports.export_statistics)",
    ),
    api(f"GET {V1}/simfoni/cases/", None, "kepala,operator=200 *=404", content=True, query=PERIOD),
    api(f"POST {V1}/simfoni/cases/{{code}}/entered/", "simfoni_case", "kepala,operator=ok/404 *=404", content=True),
    # inter-agency accountability (issue 18 §2-3)
    api(f"GET {V1}/taskforce-reports/", None, "kepala,pimpinan,penghubung=200 *=404"),
    api(f"POST {V1}/taskforce-reports/", None, "kepala,pimpinan=ok *=404"),
    api(f"GET {V1}/taskforce-reports/{{code}}/", "taskforce_report", "kepala,pimpinan,penghubung=200 *=404"),
    api(f"GET {V1}/kla-packs/", None, "kepala,pimpinan,operator=200 *=404"),
    api(f"POST {V1}/kla-packs/", None, "kepala,operator=ok *=404"),
    api(f"GET {V1}/kla-packs/{{code}}/", "kla_pack", "kepala,pimpinan,operator=200 *=404"),
    # dataprotection
    api(f"GET {V1}/data-protection/incidents/", None, BREACH),
    api(f"POST {V1}/data-protection/incidents/", None, BREACH_WRITE),
    api(f"GET {V1}/data-protection/incidents/{{code}}/", "api_incident", BREACH),
    api(f"POST {V1}/data-protection/incidents/{{code}}/close/", "api_incident", BREACH_WRITE),
    api(f"POST {V1}/data-protection/incidents/{{code}}/notices/", "api_incident", BREACH_WRITE),
    api(f"GET {V1}/data-protection/notices/{{code}}/", "api_notice", BREACH),
    api(f"GET {V1}/data-protection/notices/{{code}}/letter/", "api_notice", BREACH),
    api(f"POST {V1}/data-protection/notices/{{code}}/sent/", "api_notice", BREACH_WRITE),
    api(f"GET {V1}/data-protection/requests/", None, BREACH),
    api(f"POST {V1}/data-protection/requests/", None, BREACH_WRITE),
    api(f"GET {V1}/data-protection/requests/{{code}}/", "api_subject_request", BREACH),
    api(f"POST {V1}/data-protection/requests/{{code}}/decide/", "api_subject_request", BREACH_WRITE),
    api(f"POST {V1}/data-protection/requests/{{code}}/correct/", "api_subject_request", BREACH_WRITE),
    api(f"POST {V1}/data-protection/requests/{{code}}/lift-restriction/", "api_subject_request", BREACH_WRITE),
    # the release of an undecided request is refused (400 with the reason)
    api(f"GET {V1}/data-protection/requests/{{code}}/data/", "api_subject_request", "kepala,dpo=400 *=404"),
    api(f"GET {V1}/data-protection/requests/{{code}}/data.pdf", "api_subject_request", "kepala,dpo=400 *=404"),
    api(f"GET {V1}/data-protection/processing-record/", None, BREACH),
    api(f"GET {V1}/data-protection/dpia/", None, BREACH),
    api(f"POST {V1}/data-protection/dpia/", None, "dpo=ok kepala=403 *=404"),
    api(f"GET {V1}/data-protection/dpia/{{version}}/", "dpia_version", BREACH),
    api(f"GET {V1}/data-protection/retention/worklist/", None, BREACH),
    api(f"POST {V1}/data-protection/retention/holds/", None, BREACH_WRITE),
    api(f"POST {V1}/data-protection/retention/holds/{{code}}/lift/", "api_legal_hold", BREACH_WRITE),
    api(f"GET {V1}/data-protection/retention/batches/", None, BREACH),
    api(f"POST {V1}/data-protection/retention/batches/", None, BREACH_WRITE),
    api(f"GET {V1}/data-protection/retention/batches/{{code}}/", "disposal_batch", BREACH),
    api(
        f"POST {V1}/data-protection/retention/batches/{{code}}/approval/",
        "disposal_batch",
        "kepala,dpo=415 *=404",
        note="a JSON body to a multipart upload: 415, after the access checks",
    ),
    api(f"POST {V1}/data-protection/retention/batches/{{code}}/execute/", "disposal_batch", BREACH_WRITE),
    api(f"GET {V1}/data-protection/retention/batches/{{code}}/berita-acara/", "disposal_batch", BREACH),
)


# --- Known bugs of the API -----------------------------------------------------------------------
# Empty while none is known. When a row's right answer differs from what the API answers, state the
# right answer in the row and list the wrong one here until the code is fixed; the test fails on an
# entry whose bug is gone. Key: (method, row key, role, "in"|"out") -> what the app answers and why.
KNOWN_API_BUGS: dict[tuple[str, str, str, str], str] = {}

# --- Rows the rule tests read --------------------------------------------------------------------
# The operator works from the SIMFONI work list and export (initials, codes, vocabularies).
NATIONAL_RECORDING = frozenset(
    {
        "reports:simfoni",
        "reports:simfoni_export",
        "reports:simfoni_mark",
        f"GET {V1}/simfoni/cases/",
        f"POST {V1}/simfoni/cases/{{code}}/entered/",
    }
)
# What a liaison reaches of the referrals to their organisation (inside only).
LIAISON_ROWS = frozenset(
    {
        "referrals:letter",
        "referrals:action-file",
        "referrals:inbox-detail",
        "referrals:accept",
        "referrals:decline",
        "referrals:action-add",
        "referrals:complete",
        *(row.key for row in API if row.key.split(" ", 1)[1].startswith(f"{V1}/inbox/")),
        # coordination (issue 18): their organisation's part of a conference and its action items
        "coordination:attendance",
        "coordination:action-item",
        "coordination:portal-conference",
        f"POST {V1}/coordination/conferences/{{code}}/attendance/{{attendance}}/",
        f"GET {V1}/coordination/portal/conferences/{{code}}/",
        f"GET {V1}/coordination/action-items/",
        f"GET {V1}/coordination/action-items/{{code}}/",
        f"POST {V1}/coordination/action-items/{{code}}/status/",
    }
)
# Reachable without logging in.
PUBLIC_ROWS = frozenset(
    {
        "public:complaint",
        "public:status",
        "public:sent",
        "set_language",
        f"POST {V1}/auth/token/",
        f"POST {V1}/public/complaints/",
        f"POST {V1}/public/complaints/status/",
    }
)

# --- Third-party URLs, by name (or name prefix with "*", or route when unnamed) and why ----------
_ALLAUTH = "allauth: login, password and two-factor pages of the user's own account (tests/accounts)"
_ADMIN = (
    "the admin site: is_staff administrators only; the models registered are accounts, organisations, "
    "reference data and the audit trail, never case content (a new model registered there adds URLs "
    "without a row here)"
)
_ADMIN_MODELS = (
    "auth/group",
    "account/emailaddress",
    "mfa/authenticator",
    "axes/accessattempt",
    "axes/accesslog",
    "axes/accessfailurelog",
    "knox/authtoken",
    "accounts/organisation",
    "accounts/user",
    "auditlog/logentry",
    "cases/region",
)
_ALLAUTH_NAMES = (
    "account_login account_logout account_inactive account_signup account_reauthenticate "
    "account_request_reauthentication_code account_confirm_reauthentication_code account_email "
    "account_email_verification_sent account_change_password account_set_password account_reset_password "
    "account_confirm_login_code account_confirm_email account_reset_password_from_key_done "
    "account_reset_password_from_key account_reset_password_done mfa_index mfa_authenticate "
    "mfa_reauthenticate mfa_activate_totp mfa_deactivate_totp mfa_view_recovery_codes "
    "mfa_generate_recovery_codes mfa_download_recovery_codes"
)
THIRD_PARTY: dict[str, str] = {
    **dict.fromkeys(_ALLAUTH_NAMES.split(), _ALLAUTH),
    **dict.fromkeys(
        (
            "admin:login",
            "admin:logout",
            "admin:password_change",
            "admin:password_change_done",
            "admin:autocomplete",
            "admin:jsi18n",
            "admin:view_on_site",
            "admin:app_list",
            "admin/(?P<url>.*)$",
            "admin:auth_user_password_change",
            *(f"admin:{model.replace('/', '_')}_*" for model in _ADMIN_MODELS),
            *(f"admin/{model}/<path:object_id>/" for model in _ADMIN_MODELS),
        ),
        _ADMIN,
    ),
    "api-schema": (
        "the OpenAPI schema (no data; generating it takes a second per request), for the roles of the "
        "api-docs row, 404 for the others: tests/uptdppa/test_api_docs.py, tests/test_api_fuzz.py"
    ),
    "health": "the health check (async, no data): tests/uptdppa/test_health.py",
}
