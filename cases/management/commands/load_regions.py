from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from cases.models import Region
from cases.regions import CSV_PATH, load_regions, read_rows


class Command(BaseCommand):
    help = """Load or refresh the Kemendagri region tree (kota, kecamatan, kelurahan).

    Idempotent: regions are matched by code and updated; none is deleted. The default file is
    cases/data/kota-jambi-wilayah.csv (columns kode, nama, tingkat, kode_induk).
    """

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--file", type=Path, default=CSV_PATH, help="CSV file to load")

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        created, updated = load_regions(Region, read_rows(file))
        self.stdout.write(f"Regions: {created} created, {updated} updated, {Region.objects.count()} in total.")
