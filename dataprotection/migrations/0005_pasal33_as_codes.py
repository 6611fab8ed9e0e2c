"""The Pasal 33 check of a data-subject request is stored as codes and counts (a flag and two
numbers), no longer as a sentence written in the language active at the decision; the sentence is
written when shown. Existing notes, in Indonesian or English, are read back into codes."""

import re

from django.db import migrations, models


def codes_of(note):
    """A stored note (Indonesian or English) read back into the check's flag and counts."""

    def count(*patterns):
        for pattern in patterns:
            if found := re.search(pattern, note):
                return int(found.group(1))
        return 0

    return {
        "refused": "perpetrator" in note or "terduga pelaku" in note,
        "co_victims": count(r"(\d+) other victim", r"(\d+) korban lain"),
        "others": count(r"(\d+) other person", r"(\d+) orang lain"),
    }


def note_to_codes(apps, schema_editor):
    SubjectRequest = apps.get_model("dataprotection", "SubjectRequest")
    for request in SubjectRequest.objects.exclude(pasal33_note="").only("pk", "pasal33_note"):
        request.pasal33 = codes_of(request.pasal33_note)
        request.save(update_fields=["pasal33"])


class Migration(migrations.Migration):
    dependencies = [
        ("dataprotection", "0004_retention"),
    ]

    operations = [
        migrations.AddField(
            model_name="subjectrequest",
            name="pasal33",
            field=models.JSONField(blank=True, default=dict, verbose_name="Pasal 33 check"),
        ),
        migrations.RunPython(note_to_codes, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name="subjectrequest",
            name="pasal33_note",
        ),
    ]
