"""Loading the Kemendagri region tree from ``cases/data/kota-jambi-wilayah.csv``.

Columns: kode, nama, tingkat (kota/kecamatan/kelurahan), kode_induk. The province (15, Jambi)
is added as the root so that places elsewhere in the province can be recorded at a higher level.
Loading is idempotent: rows are matched by code, names and parents updated, nothing deleted
(a region that leaves the list is closed with ``valid_to`` by the administrator instead).
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

CSV_PATH = Path(__file__).resolve().parent / "data" / "kota-jambi-wilayah.csv"
PROVINCE = {"kode": "15", "nama": "Jambi", "tingkat": "provinsi", "kode_induk": ""}


def read_rows(path: Path = CSV_PATH) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]
    return [PROVINCE, *rows]


def load_regions(region_model: Any, rows: list[dict[str, str]] | None = None) -> tuple[int, int]:
    """Create or update regions; parents before children. Returns (created, updated)."""
    rows = rows if rows is not None else read_rows()
    by_code: dict[str, Any] = {r.code: r for r in region_model.objects.all()}
    created = updated = 0
    # Shorter codes are higher in the tree, so every parent is saved before its children.
    for row in sorted(rows, key=lambda r: (r["kode"].count("."), r["kode"])):
        parent = by_code.get(row["kode_induk"]) if row["kode_induk"] else None
        region = by_code.get(row["kode"])
        if region is None:
            region = region_model(code=row["kode"])
            created += 1
        elif (region.name, region.level, region.parent_id) == (row["nama"], row["tingkat"], parent and parent.pk):
            continue
        else:
            updated += 1
        region.name = row["nama"]
        region.level = row["tingkat"]
        region.parent = parent
        region.save()
        by_code[region.code] = region
    return created, updated
