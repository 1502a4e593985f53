from django.core.management.base import BaseCommand

from search.services import rebuild


class Command(BaseCommand):
    help = "Refill the search index (cases with their comments and progress reports, enterprises, meetings)."

    def handle(self, *args, **options):
        counts = rebuild(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(f"search index: {sum(counts.values())} entries"))
