"""Load the Kota Jambi region tree (1 kota, 11 kecamatan, 68 kelurahan) and the province root."""

from django.db import migrations

from cases.regions import load_regions, read_rows


def fill(apps, schema_editor):
    load_regions(apps.get_model("cases", "Region"), read_rows())


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
