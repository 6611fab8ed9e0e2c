"""Seed UPTD PPA Kota Jambi, DPMPPA and the referral partners of docs/domain.md#regions-and-partners (editable)."""

from django.db import migrations

from uptdppa.accounts.organisations import seed_organisations


def fill(apps, schema_editor):
    seed_organisations(apps.get_model("accounts", "Organisation"))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
