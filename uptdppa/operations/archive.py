"""The backup file: a tar of ``manifest.json``, ``database.dump`` (pg_dump custom format) and
``media/…`` (MEDIA_ROOT), encrypted with age to the BACKUP_RECIPIENT public keys.

Why age (pyrage) rather than GPG: a recipient public key is one line of text and a setting, with no
keyring, agent or trust database in the container; the server that writes backups holds only the
public key, so a stolen backup copy cannot be read without the identity kept elsewhere; and age's
payload is authenticated in 64 KiB chunks with an end marker, so any changed byte and any
truncation fail decryption instead of restoring damaged data.

One file per backup, named with its UTC time (``uptdppa-20261206T190000Z.tar.age``), so that the
folder sorts by time and pruning needs no index. A backup is written under a hidden ``.partial``
name and renamed when complete: a file with the final name is always whole.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tarfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyrage
from django.conf import settings
from pyrage import x25519

from . import problems as p
from .pg import BackupError

FORMAT = 1
PREFIX = "uptdppa-"
SUFFIX = ".tar.age"
NAME_RE = re.compile(r"^uptdppa-(\d{8}T\d{6}Z)\.tar\.age$")
MANIFEST = "manifest.json"
DUMP = "database.dump"
MEDIA = "media"
CHUNK = 1024 * 1024


def backup_name(when: datetime) -> str:
    return f"{PREFIX}{when.astimezone(UTC):%Y%m%dT%H%M%SZ}{SUFFIX}"


def taken_at(name: str) -> datetime | None:
    """The UTC time in a backup's file name, or None for anything else in the folder."""
    match = NAME_RE.match(name)
    return datetime.strptime(match.group(1), "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC) if match else None


def backups_in(folder: Path) -> list[Path]:
    """The backup files of ``folder``, oldest first."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and taken_at(p.name))


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def media_files(root: Path) -> dict[str, dict[str, Any]]:
    """Every regular file under ``root`` (relative POSIX path → sha256 and size). Symbolic links
    are skipped: uploads are never links, and a link could point outside the folder."""
    files: dict[str, dict[str, Any]] = {}
    if not root.is_dir():
        return files
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for filename in sorted(filenames):
            path = Path(dirpath) / filename
            if path.is_symlink() or not path.is_file():
                continue
            files[path.relative_to(root).as_posix()] = {"sha256": sha256_of(path), "size": path.stat().st_size}
    return files


def recipients() -> list[Any]:
    if not settings.BACKUP_RECIPIENTS:
        raise BackupError("BACKUP_RECIPIENT is not set: no public key to encrypt the backup to.")
    return [x25519.Recipient.from_str(key) for key in settings.BACKUP_RECIPIENTS]


def identity() -> Any:
    if not settings.BACKUP_IDENTITY:
        raise BackupError("BACKUP_IDENTITY is not set: the backup's private key is needed to decrypt it.")
    return x25519.Identity.from_str(settings.BACKUP_IDENTITY)


def write(*, folder: Path, name: str, manifest: dict[str, Any], dump_path: Path, media_root: Path, work: Path) -> Path:
    """Pack and encrypt a backup into ``folder/name``. ``work`` is a private scratch folder."""
    plain = work / "backup.tar"
    with tarfile.open(plain, "w", format=tarfile.PAX_FORMAT) as tar:
        manifest_path = work / MANIFEST
        manifest_path.write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
        tar.add(manifest_path, arcname=MANIFEST)
        tar.add(dump_path, arcname=DUMP)
        for relative in manifest["media"]["files"]:
            tar.add(media_root / relative, arcname=f"{MEDIA}/{relative}", recursive=False)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    final = folder / name
    partial = folder / f".{name}.partial"
    try:
        # Owner-only, like the database files it copies (encrypted or not, nobody else needs it).
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with plain.open("rb") as reader, os.fdopen(fd, "wb") as writer:
            pyrage.encrypt_io(reader, writer, recipients())
            writer.flush()
            os.fsync(writer.fileno())
        partial.replace(final)
    finally:
        partial.unlink(missing_ok=True)
        plain.unlink(missing_ok=True)
    return final


@dataclass
class Opened:
    """A decrypted, unpacked backup in a scratch folder."""

    manifest: dict[str, Any]
    dump: Path
    media: Path


def open_backup(path: Path, *, work: Path) -> Opened:
    """Decrypt and unpack ``path`` into ``work``. Raises BackupError, with what to check, on a
    wrong key or a damaged, truncated or foreign file; never returns a partial backup."""
    plain = work / "backup.tar"
    try:
        reader = path.open("rb")
    except OSError as exc:
        raise BackupError(f"{path} cannot be read: {exc}") from exc
    try:
        with reader, plain.open("wb") as writer:
            pyrage.decrypt_io(reader, writer, [identity()])
    except (pyrage.DecryptError, OSError) as exc:
        # A wrong key fails on the header (DecryptError); a changed or missing byte of the payload
        # fails its chunk's authentication, which the streaming reader reports as an I/O error.
        plain.unlink(missing_ok=True)
        raise BackupError(
            f"{path.name} cannot be decrypted: either BACKUP_IDENTITY is not the private key of a recipient it "
            f"was encrypted to, or the file is damaged or truncated ({exc})."
        ) from exc
    unpacked = work / "unpacked"
    try:
        with tarfile.open(plain, "r") as tar:
            tar.extractall(unpacked, filter="data")  # no absolute paths, links out or devices
    except (tarfile.TarError, OSError) as exc:
        raise BackupError(f"{path.name} decrypts but is not a backup archive: {exc}") from exc
    finally:
        plain.unlink(missing_ok=True)
    try:
        manifest = json.loads((unpacked / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(f"{path.name} has no readable manifest: {exc}") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{path.name} is in backup format {manifest.get('format')!r}; this version reads {FORMAT}.")
    return Opened(manifest=manifest, dump=unpacked / DUMP, media=unpacked / MEDIA)


def file_problems(opened: Opened) -> list[dict[str, Any]]:
    """The dump's and every media file's checksum against the manifest; files not in it."""
    problems = []
    expected_dump = opened.manifest["database"]["sha256"]
    if not opened.dump.is_file():
        problems.append(p.problem(p.DUMP_MISSING))
    elif sha256_of(opened.dump) != expected_dump:
        problems.append(p.problem(p.DUMP_CHECKSUM))
    expected = opened.manifest["media"]["files"]
    found = media_files(opened.media)
    for relative, meta in expected.items():
        if relative not in found:
            problems.append(p.problem(p.FILE_MISSING, file=relative))
        elif found[relative]["sha256"] != meta["sha256"]:
            problems.append(p.problem(p.FILE_CHECKSUM, file=relative))
    problems += [p.problem(p.FILE_EXTRA, file=relative) for relative in sorted(set(found) - set(expected))]
    return problems


def count_problems(expected: dict[str, int], restored: dict[str, int]) -> list[dict[str, Any]]:
    problems = []
    for table in sorted(set(expected) | set(restored)):
        if table not in restored:
            problems.append(p.problem(p.TABLE_MISSING, table=table))
        elif table not in expected:
            problems.append(p.problem(p.TABLE_EXTRA, table=table))
        elif expected[table] != restored[table]:
            problems.append(p.problem(p.TABLE_COUNT, table=table, expected=expected[table], restored=restored[table]))
    return problems


def copy_media(source: Path, destination: Path) -> int:
    """Copy the unpacked media files into ``destination``; returns how many."""
    copied = 0
    if source.is_dir():
        for path in source.rglob("*"):
            if path.is_file():
                target = destination / path.relative_to(source)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, target)
                copied += 1
    return copied
