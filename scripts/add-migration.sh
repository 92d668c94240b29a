#!/usr/bin/env bash
# Adds a migration NAME to both migration sets (SQLite and PostgreSQL).
set -euo pipefail
name=${1:?usage: scripts/add-migration.sh NAME}
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
dotnet ef migrations add "$name" --project src/Samplan --context SqliteSamplanDb --output-dir Data/Migrations/Sqlite
dotnet ef migrations add "$name" --project src/Samplan --context NpgsqlSamplanDb --output-dir Data/Migrations/PostgreSql
