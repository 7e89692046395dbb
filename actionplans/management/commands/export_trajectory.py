"""``manage.py export_trajectory <id> FILE``: one trajectory to one JSON file."""

from django.core.management.base import BaseCommand
from django.core.management.base import CommandError

from actionplans.transfer.exporter import trajectory_export_json
from regions.models import Trajectory


class Command(BaseCommand):
    help = (
        "Write one trajectory with everything in it to a JSON file ('-' for "
        "standard output). Names and e-mail addresses only with --with-contacts."
    )

    def add_arguments(self, parser):
        parser.add_argument("trajectory_id", type=int)
        parser.add_argument("file")
        parser.add_argument(
            "--with-contacts",
            action="store_true",
            help="Include invitees, action owners and staff accounts (personal data).",
        )

    def handle(self, *args, trajectory_id, file, with_contacts, **options):
        trajectory = Trajectory.objects.filter(pk=trajectory_id).first()
        if trajectory is None:
            raise CommandError(f"No trajectory with id {trajectory_id}.")
        text = trajectory_export_json(
            trajectory=trajectory, with_contacts=with_contacts
        )
        if file == "-":
            self.stdout.write(text)
            return
        with open(file, "w", encoding="utf-8") as handle:
            handle.write(text)
        self.stderr.write(f"Exported trajectory {trajectory_id} to {file}.")
