# Numbered 0004 beside the other branch's 0002/0003; renumbered on merge.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("sessions_app", "0002_agenda_item_details"),
    ]

    operations = [
        # Rounds that exist already showed their per-role ranking: they keep
        # showing it, so a plan's next version does not silently lose it.
        migrations.AddField(
            model_name="votinground",
            name="show_per_role",
            field=models.BooleanField(
                default=True, verbose_name="uitslag per rol tonen"
            ),
        ),
        # New rounds: off until the facilitator shows it.
        migrations.AlterField(
            model_name="votinground",
            name="show_per_role",
            field=models.BooleanField(
                default=False, verbose_name="uitslag per rol tonen"
            ),
        ),
    ]
