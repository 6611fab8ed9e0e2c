"""Cost of field encryption and blind indexes per value (what every person row pays)."""

from __future__ import annotations

import statistics
import timeit

import django

django.setup()

from uptdppa import crypto  # noqa: E402

SAMPLES = 7
NUMBER = 2000
token = crypto.encrypt("Siti Aminah Harahap")


def per_op_us(stmt: str, setup: str = "") -> float:
    runs = timeit.repeat(stmt, setup=setup, globals=globals(), repeat=SAMPLES, number=NUMBER)
    return statistics.median(runs) / NUMBER * 1e6


def main() -> None:
    rows = [
        ("encrypt name", per_op_us("crypto.encrypt('Siti Aminah Harahap')")),
        ("decrypt name", per_op_us("crypto.decrypt(token)")),
        ("blind index NIK", per_op_us("crypto.blind_digest('nik', crypto.normalize_digits('1571014507150001'))")),
        ("blind index phone", per_op_us("crypto.blind_digest('phone', crypto.normalize_phone('0812-3456-7890'))")),
        ("plain str copy (floor)", per_op_us("str('Siti Aminah Harahap')")),
    ]
    print(f"{'operation':<26}{'median µs/op':>14}")
    for name, value in rows:
        print(f"{name:<26}{value:>14.1f}")


if __name__ == "__main__":
    main()
