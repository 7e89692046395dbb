"""``manage.py import_trajectory FILE``: restore an export as a new trajectory."""

from django.core.management.base import BaseCommand
from django.core.management.base import CommandError

from actionplans.transfer.importer import trajectory_import_json
from actionplans.transfer.validation import TransferRefused


class Command(BaseCommand):
    help = (
        "Restore a trajectory exported by export_trajectory, with new ids. A file "
        "with any error is refused as a whole and nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            with open(file, "rb") as handle:
                text = handle.read()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error}") from error
        try:
            trajectory = trajectory_import_json(text=text)
        except TransferRefused as refused:
            reasons = "\n".join(f"- {reason}" for reason in refused.reasons)
            raise CommandError(
                f"Refused {file}; nothing was written:\n{reasons}"
            ) from refused
        self.stdout.write(f"Imported as trajectory {trajectory.pk}: {trajectory}")
