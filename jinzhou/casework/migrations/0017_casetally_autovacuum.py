"""The tallies' table is small (a few thousand rows) and hot: the trigger of 0013 updates a row for
every case closed, reopened or moved. With the default thresholds (20 % of the rows dead) autovacuum
comes late enough for the dead versions to spread the rows over many pages, and every dashboard read
scans them all. Vacuum it after every thousand dead rows instead, and leave room in each page for the
updated version (fillfactor), so that updates stay in their page (HOT) and are pruned there."""

from django.db import migrations

SETTINGS = "fillfactor = 50, autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000"


def tune(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE casework_casetally SET ({SETTINGS})")


def untune(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE casework_casetally RESET (fillfactor, autovacuum_vacuum_scale_factor, "
            "autovacuum_vacuum_threshold)"
        )


class Migration(migrations.Migration):
    dependencies = [("casework", "0016_case_open_cover_idx")]

    operations = [migrations.RunPython(tune, untune)]
