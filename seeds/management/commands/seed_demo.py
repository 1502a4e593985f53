import datetime as dt
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from seeds.demo import CatalogueMissing, DemoSeeder


class Command(BaseCommand):
    @property
    def help(self) -> str:
        # argparse needs a real string, and a lazy one evaluated at import would miss the active language.
        return _(
            "ADD N realistic demo cases (bottlenecks ~60%, chain tasks ~40%) to the chains, departments and "
            "enterprises loaded by seed_jinzhou (run that first): a mix of states (~30% closed, some late), "
            "red, yellow and green deadlines, timelines, progress reports, extensions and co-handling. Each run "
            "adds N more cases; it is not idempotent. Rows are written in bulk with SQL: no audit history "
            "(django-simple-history) rows are written for demo data. Ids and references are reserved first, so "
            "cases the services create later never collide. The same --seed, --today and starting database "
            "give the same rows. Supports SQLite and PostgreSQL."
        )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--cases", type=int, required=True, help=_("How many cases to add."))
        parser.add_argument("--seed", type=int, default=1, help=_("Random seed (default: %(default)s)."))
        parser.add_argument(
            "--batch",
            type=int,
            default=5000,
            help=_("Cases written per transaction (default: %(default)s)."),
        )
        parser.add_argument(
            "--today",
            type=dt.date.fromisoformat,
            default=None,
            help=_("The date the demo is generated for, YYYY-MM-DD (default: today); lights are relative to it."),
        )
        parser.add_argument(
            "--mix",
            choices=("stress", "realistic"),
            default="stress",
            help=_(
                "stress: about a third closed, open cases growing with N (default); realistic: recent cases "
                "open, nearly every older one closed, a few thousand open whatever N."
            ),
        )
        parser.add_argument(
            "--open-for",
            metavar="DEPARTMENT_CODE",
            default=None,
            help=_(
                "Make every case added open and assigned to the department with this code (e.g. miit), in "
                "the states a department holds (to acknowledge, in hand, submitted): one department's full "
                "queue, whatever the mix."
            ),
        )
        parser.add_argument("--database", default="default", help=_("Database alias (default: %(default)s)."))

    def handle(
        self, *args, cases: int, seed: int, batch: int, today, database: str, mix="stress", open_for=None, **options
    ) -> None:
        if cases < 1:
            raise CommandError(_("--cases must be at least 1."))
        if batch < 1:
            raise CommandError(_("--batch must be at least 1."))
        show = options.get("verbosity", 1) > 0
        try:
            seeder = DemoSeeder(
                cases,
                seed=seed,
                batch=batch,
                today=today,
                using=database,
                mix=mix,
                open_for=open_for,
                progress=self._progress if show else None,
            )
            result = seeder.run()
        except CatalogueMissing as exc:
            raise CommandError(str(exc)) from exc
        except NotImplementedError as exc:
            raise CommandError(str(exc)) from exc
        if show:
            self.stderr.write("")
        lights = ", ".join(f"{name} {result.by_light[name]:,}" for name in ("red", "yellow", "green", "grey"))
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Added %(cases)s demo cases (%(bottlenecks)s bottlenecks, %(tasks)s chain tasks; %(events)s "
                    "timeline events, %(rows)s rows in all) in %(seconds).1f s: %(rate)s cases/s."
                )
                % {
                    "cases": f"{result.cases:,}",
                    "bottlenecks": f"{result.by_kind['bottleneck']:,}",
                    "tasks": f"{result.by_kind['task']:,}",
                    "events": f"{result.events:,}",
                    "rows": f"{result.rows:,}",
                    "seconds": result.seconds,
                    "rate": f"{result.per_second:,.0f}",
                }
            )
        )
        self.stdout.write(
            _("Lights on %(today)s: %(lights)s; %(late)s closed late.")
            % {"today": seeder.today.isoformat(), "lights": lights, "late": f"{result.closed_late:,}"}
        )

    def _progress(self, done: int, total: int, elapsed: float) -> None:
        width = 30
        filled = int(width * done / total)
        rate = done / elapsed if elapsed else 0.0
        line = (
            f"\rseed_demo [{'#' * filled}{'-' * (width - filled)}] {done:,}/{total:,} cases "
            f"{100 * done / total:3.0f}% {rate:,.0f} cases/s"
        )
        # Straight to the stream: OutputWrapper.write() would add a newline after each update.
        stream = getattr(self.stderr, "_out", sys.stderr)
        stream.write(line)
        stream.flush()
