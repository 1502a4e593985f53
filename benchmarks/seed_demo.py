"""How many demo cases a second ``manage.py seed_demo`` writes, on SQLite and on PostgreSQL.

    .venv/bin/python benchmarks/seed_demo.py --cases 100000 --repeat 3

Each run starts from a fresh copy of a migrated database holding the catalogue and the demo users
(SQLite: a copied file in a temporary directory; PostgreSQL: ``CREATE DATABASE … TEMPLATE``), runs
``manage.py seed_demo --cases N --seed <run>`` as a separate process, and reads the command's own
figure (cases per second, from its start to its end, ANALYZE included) and the process's wall time
(Python and Django start-up included). Prints the median of the runs per database. The databases
it creates are dropped at the end (``--keep`` keeps them). Not part of the test run.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
RESULT = re.compile(r"Added ([\d,]+) demo cases .*?; ([\d,]+) timeline events, ([\d,]+) rows in all\) in ([\d.]+) s")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=100_000, help="cases per run (default 100000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per database (default 3)")
    parser.add_argument("--backends", default="sqlite,postgres", help="sqlite, postgres or both (default both)")
    parser.add_argument(
        "--postgres",
        default="postgres://postgres@127.0.0.1:5432",
        help="PostgreSQL server URL, without a database (default %(default)s)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the benchmark databases")
    return parser.parse_args()


def manage(database_url: str, var_dir: Path, *args: str, quiet: bool = False) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": database_url, "JINZHOU_VAR_DIR": str(var_dir)}
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [PYTHON, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )


def prepare(database_url: str, var_dir: Path) -> None:
    manage(database_url, var_dir, "migrate", "--noinput", "-v0")
    manage(database_url, var_dir, "seed_jinzhou", "--demo-users")


def timed_run(database_url: str, var_dir: Path, cases: int, seed: int) -> dict:
    started = time.perf_counter()
    done = manage(database_url, var_dir, "seed_demo", "--cases", str(cases), "--seed", str(seed))
    wall = time.perf_counter() - started
    match = RESULT.search(done.stdout)
    if not match:
        sys.exit(f"unexpected output from seed_demo:\n{done.stdout}\n{done.stderr}")
    added, events, rows, seconds = match.groups()
    return {
        "cases": int(added.replace(",", "")),
        "events": int(events.replace(",", "")),
        "rows": int(rows.replace(",", "")),
        "seconds": float(seconds),
        "wall": wall,
    }


def sqlite_runs(args, work: Path) -> list[dict]:
    template = work / "template.sqlite3"
    prepare(f"sqlite:///{template}", work)
    runs = []
    for run in range(1, args.repeat + 1):
        database = work / f"run{run}.sqlite3"
        shutil.copyfile(template, database)
        runs.append(timed_run(f"sqlite:///{database}", work, args.cases, run))
        report_run("SQLite", run, runs[-1])
        if not args.keep:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{database}{suffix}").unlink(missing_ok=True)
    return runs


def postgres_runs(args, work: Path) -> list[dict]:
    import psycopg
    from psycopg import sql

    server = args.postgres.rstrip("/")
    template, target = "jinzhou_bench_seed_template", "jinzhou_bench_seed"
    admin_url = urlparse(server)._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as conn:

        def recreate(name: str, source: str | None = None) -> None:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
            create = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
            if source:
                create = sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(name), sql.Identifier(source))
            conn.execute(create)

        recreate(template)
        prepare(f"{server}/{template}", work)
        runs = []
        try:
            for run in range(1, args.repeat + 1):
                recreate(target, template)
                runs.append(timed_run(f"{server}/{target}", work, args.cases, run))
                report_run("PostgreSQL", run, runs[-1])
        finally:
            if not args.keep:
                for name in (target, template):
                    conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    return runs


def report_run(label: str, run: int, result: dict) -> None:
    print(
        f"  {label} run {run}: {result['cases']:,} cases ({result['rows']:,} rows) in {result['seconds']:.1f} s "
        f"= {result['cases'] / result['seconds']:,.0f} cases/s; process wall time {result['wall']:.1f} s",
        flush=True,
    )


def main() -> None:
    args = parse_args()
    backends = [name.strip() for name in args.backends.split(",") if name.strip()]
    print(f"machine: {os.cpu_count()} cores; Python {sys.version.split()[0]}; {time.strftime('%Y-%m-%d %H:%M %Z')}")
    summary = []
    with tempfile.TemporaryDirectory(prefix="jinzhou-seed-bench-") as tmp:
        work = Path(tmp)
        for backend in backends:
            print(f"{backend}: {args.repeat} run(s) of seed_demo --cases {args.cases:,}", flush=True)
            runs = sqlite_runs(args, work) if backend == "sqlite" else postgres_runs(args, work)
            seconds = statistics.median(r["seconds"] for r in runs)
            wall = statistics.median(r["wall"] for r in runs)
            summary.append((backend, runs[0]["cases"], runs[0]["rows"], seconds, wall))
        if args.keep:
            kept = Path(tempfile.gettempdir()) / "jinzhou-seed-bench"
            shutil.copytree(work, kept, dirs_exist_ok=True)
            print(f"kept the SQLite files in {kept}")
    print(f"\n{'database':10s} {'cases':>9s} {'rows':>10s} {'median s':>9s} {'cases/s':>8s} {'wall s':>7s}")
    for backend, cases, rows, seconds, wall in summary:
        print(f"{backend:10s} {cases:9,d} {rows:10,d} {seconds:9.1f} {cases / seconds:8,.0f} {wall:7.1f}")
    print("\nreproduce: .venv/bin/python benchmarks/seed_demo.py " + " ".join(shlex.quote(a) for a in sys.argv[1:]))


if __name__ == "__main__":
    main()
