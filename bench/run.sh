#!/usr/bin/env bash
# Issue 8 benchmark: bench/run.sh [--scale small|national] [--provider sqlite|postgresql] [--duration S] [--warmup S] [--results FILE] [--r2r yes|no]
# Publishes Samplan (Release) and the raw-SQL baseline, generates the data once per scale and provider (reused after),
# then bench.mjs starts each server in turn and drives it with autocannon at 8 and 32 connections; results in RESULTS.md.
# PostgreSQL: set BENCH_PG to a connection string of an EMPTY database you own, e.g.
#   BENCH_PG="Host=/tmp;Port=5432;Database=samplan_bench;Username=postgres" bench/run.sh --provider postgresql
set -euo pipefail
caller=$PWD
cd "$(dirname "$0")"
scale=small provider=sqlite duration=10 warmup=20 r2r=yes port=5090 results=$PWD/RESULTS.md
while [[ $# -gt 0 ]]; do
  case "$1" in
    --scale) scale=$2; shift 2 ;;
    --provider) provider=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --r2r) r2r=$2; shift 2 ;;
    --results) results=$(cd "$caller" && realpath -m "$2"); shift 2 ;;
    --port) port=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
out=$PWD/out data=$PWD/data
mkdir -p "$out" "$data"
[[ -d node_modules ]] || npm ci --no-audit --no-fund
# ReadyToRun (precompiled) as a deployment would publish it: start-up is part of the targets. CI skips it for time.
if [[ $r2r == yes ]]; then
  dotnet publish ../src/Samplan -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$out/samplan" -v quiet -nologo
else
  dotnet publish ../src/Samplan -c Release -o "$out/samplan" -v quiet -nologo
fi
dotnet publish Baseline -c Release -o "$out/baseline" -v quiet -nologo

case "$provider" in
  sqlite) Provider=Sqlite; connection="Data Source=$data/$scale.db" ;;
  postgresql) Provider=PostgreSQL; connection=${BENCH_PG:?set BENCH_PG to the connection string of an empty database} ;;
  *) echo "provider must be sqlite or postgresql" >&2; exit 2 ;;
esac
targets=$data/$scale-$provider.json
if [[ ! -f $targets ]]; then
  echo "Generating $scale on $provider …"
  start=$(date +%s.%N)
  Database__Provider=$Provider ConnectionStrings__Samplan="$connection" ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
    dotnet "$out/samplan/Samplan.dll" generate --scale "$scale" --targets "$targets.tmp"
  mv "$targets.tmp" "$targets"
  echo "generate took $(echo "$(date +%s.%N) - $start" | bc) s (including start-up and migration)"
fi

cat > "$out/config.json" <<JSON
{ "scale": "$scale", "provider": "$Provider", "connectionString": "$connection", "duration": $duration, "warmup": $warmup, "port": $port,
  "samplanDll": "$out/samplan/Samplan.dll", "baselineDll": "$out/baseline/Baseline.dll", "password": "samplan-demo",
  "targetsFile": "$targets", "bundleFile": "$out/careplan-bundle.json", "resultsFile": "$results" }
JSON
node bench.mjs "$out/config.json"
