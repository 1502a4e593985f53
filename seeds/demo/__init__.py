"""Demo cases in bulk, for demonstrations and load tests: ``python manage.py seed_demo --cases N``.

Every run ADDS ``N`` cases (bottlenecks ~60 %, chain tasks ~40 %) to whatever is there; it is not
idempotent. The cases look like the services made them: each kind's workflow is walked from its
initial state along the shortest path to a target state, with a timeline event per step, the
assignment, deadline (``due_at``, ``original_due_at``, ``warn_at`` exactly as
``effects.set_deadline`` computes it), acknowledgement, progress reports, extensions, co-handling
and closing that the path implies. The mix is chosen so that a list shows drafts, many cases in
handling, ~30 % closed (some of them late) and red, yellow and green lights.
``--open-for <department code>`` makes every case added open and assigned to that department
instead (one department's full queue, e.g. a chain leader's 我的待办 with thousands of cases).

Speed is the point, so rows are written with SQL, not saved one by one:

* Case ids and reference numbers are reserved first, in one short transaction: the id sequence
  (SQLite ``sqlite_sequence``, PostgreSQL's sequence under a table lock) and ``ReferenceSequence``
  are advanced past the block, so a case the services create during or after the run can never
  collide with a demo case.
* ``bulk_create`` is not used: it overwrites ``auto_now_add`` fields (``created_at``, ``at``, …) with
  the current time, which would give every demo case the same creation moment. Rows are written
  with ``COPY`` on PostgreSQL and ``executemany`` elsewhere, in transactions of ``batch`` cases.
* No django-simple-history rows are written for demo data. The created event's ``data`` carries
  ``{"seed_demo": <seed>}`` so that demo cases can be told apart.

Deterministic: the same seed, ``today`` and starting database give the same rows.
"""

from seeds.demo.catalogue import CatalogueMissing, DemoResult, load_catalogue
from seeds.demo.seeder import DemoSeeder, seed_demo

__all__ = ["CatalogueMissing", "DemoResult", "DemoSeeder", "load_catalogue", "seed_demo"]
