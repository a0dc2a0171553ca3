#!/usr/bin/env python3
"""Runs every migration in schemas/clickhouse through chdb (embedded current ClickHouse),
inserts a row into each table and selects from each view, so the SQL that CI runs on 18.16
stays valid on current releases. Prints the ClickHouse version; exits non-zero on any error."""
import pathlib, re, sys
from chdb import session

here = pathlib.Path(__file__).parent

def statements(text: str) -> list[str]:
    text = "\n".join(l for l in text.splitlines() if not l.strip().startswith("--"))
    return [s.strip() for s in re.split(r";\s*(?:\n|$)", text) if s.strip()]

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

tables = [r.split(",") for r in s.query("SELECT name, engine FROM system.tables WHERE database = 'mentions' ORDER BY name", "CSV").data().split()]
for name, engine in ((n.strip('"'), e.strip('"')) for n, e in tables):
    if engine == "View":
        s.query(f"SELECT * FROM mentions.{name} LIMIT 1")
        print("view ok", name)
    else:
        s.query(f"SELECT count() FROM mentions.{name} FINAL" if "Replacing" in engine else f"SELECT count() FROM mentions.{name}")
        print("table ok", name, engine)
