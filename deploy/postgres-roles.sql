-- The two database roles of UPTD PPA (README "Database roles"). Run once by a superuser with psql:
--   psql -v ON_ERROR_STOP=1 -v db=uptdppa -v owner=uptdppa_owner -v owner_password=... \
--        -v app=uptdppa_app -v app_password=... -f deploy/postgres-roles.sql
-- The owner owns the database and its schema and runs migrations; the app role is what web,
-- worker and beat connect as (its table privileges come from `manage.py grant_runtime_privileges`,
-- run by the owner after every migrate). Neither is a superuser. The owner may create databases:
-- the monthly restore drill restores a backup into a scratch database it creates and drops.
CREATE ROLE :"owner" LOGIN NOSUPERUSER CREATEDB NOCREATEROLE PASSWORD :'owner_password';
CREATE ROLE :"app" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'app_password';
ALTER DATABASE :"db" OWNER TO :"owner";
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT ON DATABASE :"db" TO :"app";
\connect :"db"
ALTER SCHEMA public OWNER TO :"owner";
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
