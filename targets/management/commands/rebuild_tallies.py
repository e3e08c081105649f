from django.core.management.base import BaseCommand

from targets.rollups import rebuild_tallies


class Command(BaseCommand):
    help = "Recount the survey roll-ups from the stored responses (after bulk loads or moving areas in the tree)."

    def handle(self, *args, **options):
        rows = rebuild_tallies()
        self.stdout.write(self.style.SUCCESS(f"Rebuilt {rows} tally rows. 已重新汇总。"))
