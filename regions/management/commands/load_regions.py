"""Load the CBS jeugdregio indeling shipped with the project (idempotent)."""

from pathlib import Path

from django.core.management.base import BaseCommand
from django.core.management.base import CommandError

from regions.services import DEFAULT_REFERENCE_YEAR
from regions.services import RegionDataError
from regions.services import regions_load


class Command(BaseCommand):
    help = "Load the 42 jeugdzorgregio's and their municipalities (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--file", type=Path, help="CSV to load instead of the shipped one"
        )
        parser.add_argument("--year", type=int, default=DEFAULT_REFERENCE_YEAR)

    def handle(self, *args, file=None, year=DEFAULT_REFERENCE_YEAR, **options):
        text = None
        if file is not None:
            try:
                text = file.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise CommandError(f"Cannot read {file}: {exc}") from exc
        try:
            result = regions_load(text=text, reference_year=year)
        except RegionDataError as exc:
            raise CommandError(
                "Nothing was loaded. Problems in the file:\n" + "\n".join(exc.errors)
            ) from exc
        self.stdout.write(
            f"Loaded {result.regions} regions and {result.municipalities} municipalities."
        )
