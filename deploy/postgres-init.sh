#!/bin/sh
# First start of the postgres container (/docker-entrypoint-initdb.d): create the owner and the
# runtime role from deploy/postgres-roles.sql, mounted as roles.sql.in so that the image does not
# run it on its own without the variables. POSTGRES_USER stays the container's superuser, which
# the application never uses.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    -v db="$POSTGRES_DB" \
    -v owner="$DB_OWNER_USER" -v owner_password="$DB_OWNER_PASSWORD" \
    -v app="$DB_APP_USER" -v app_password="$DB_APP_PASSWORD" \
    -f /docker-entrypoint-initdb.d/roles.sql.in
