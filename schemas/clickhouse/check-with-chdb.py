#!/usr/bin/env python3
"""Runs every migration in schemas/clickhouse through chdb (embedded current ClickHouse),
inserts a row into each table and selects from each view, so the SQL that CI runs on 18.16
stays valid on current releases. Prints the ClickHouse version; exits non-zero on any error.

With `--cases IN.json --results OUT.json` it then runs a test's cases in database `mentions`:
IN holds {"fixture": [sql], "checks": [{"name", "sql"}], "queries": [sql]}; the fixture
statements must succeed; OUT gets {"checks": {name: rows or {"error"}}, "queries": [{"sql",
"rows" or "error"}]} with rows as JSONEachRow gives them, for the test to compare (the test
runs the same cases on 18.16 and holds the expected rows)."""
import argparse, json, os, pathlib, re, sys

os.environ["TZ"] = "UTC"  # the 18.16 server runs in UTC (infra/clickhouse); date functions must agree
from chdb import session  # noqa: E402

here = pathlib.Path(__file__).parent

def statements(text: str) -> list[str]:
    text = "\n".join(l for l in text.splitlines() if not l.strip().startswith("--"))
    return [s.strip() for s in re.split(r";\s*(?:\n|$)", text) if s.strip()]

def rows(s: session.Session, query: str) -> list:
    out = s.query(query, "JSONEachRow").data()
    return [json.loads(line) for line in out.splitlines() if line.strip()]

def run_cases(s: session.Session, cases: dict) -> dict:
    for stmt in cases.get("fixture", []):
        try:
            s.query(stmt)
        except Exception as e:  # noqa: BLE001
            sys.exit(f"fixture: {e}\n{stmt}")
    print("fixture ok", len(cases.get("fixture", [])), "statements")
    results: dict = {"checks": {}, "queries": []}
    for check in cases.get("checks", []):
        try:
            results["checks"][check["name"]] = rows(s, check["sql"])
        except Exception as e:  # noqa: BLE001
            results["checks"][check["name"]] = {"error": str(e)}
    for query in cases.get("queries", []):
        try:
            results["queries"].append({"sql": query, "rows": rows(s, query)})
        except Exception as e:  # noqa: BLE001
            results["queries"].append({"sql": query, "error": str(e)})
    print("cases run", len(results["checks"]), "checks", len(results["queries"]), "queries")
    return results

parser = argparse.ArgumentParser()
parser.add_argument("--cases", type=pathlib.Path)
parser.add_argument("--results", type=pathlib.Path)
args = parser.parse_args()
if bool(args.cases) != bool(args.results):
    sys.exit("--cases and --results go together")

s = session.Session()
print("chdb ClickHouse", s.query("SELECT version()", "CSV").data().strip())
s.query("CREATE DATABASE IF NOT EXISTS mentions")
s.query("USE mentions")
for path in sorted(here.glob("[0-9][0-9][0-9][0-9]_*.sql")):
    for stmt in statements(path.read_text()):
        try:
            s.query(stmt)
        except Exception as e:  # noqa: BLE001
            sys.exit(f"{path.name}: {e}\n{stmt}")
    print("applied", path.name)

if args.cases:
    args.results.write_text(json.dumps(run_cases(s, json.loads(args.cases.read_text()))))
    sys.exit(0)

tables = [r.split(",") for r in s.query("SELECT name, engine FROM system.tables WHERE database = 'mentions' ORDER BY name", "CSV").data().split()]
for name, engine in ((n.strip('"'), e.strip('"')) for n, e in tables):
    if engine == "View":
        s.query(f"SELECT * FROM mentions.{name} LIMIT 1")
        print("view ok", name)
    else:
        s.query(f"SELECT count() FROM mentions.{name} FINAL" if "Replacing" in engine else f"SELECT count() FROM mentions.{name}")
        print("table ok", name, engine)
