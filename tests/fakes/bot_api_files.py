"""Files the fake Telegram holds: uploads get a fresh file_id; known file_ids can be re-sent.

A photo must be an image Pillow can open (Telegram answers IMAGE_PROCESS_FAILED otherwise) and
within Telegram's dimension rules. Every stored file keeps its bytes, so tests can look at what
the bot uploaded (`FakeBotApi.files[file_id]`). HTTP URLs are fetched from a table the test fills
with `FakeBotApi.register_url`, since the fake has no internet.
"""

from __future__ import annotations

import hashlib
import io
import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from PIL import Image, UnidentifiedImageError

from tests.fakes.bot_api_spec import Upload, bad_request

__all__ = ["FileStore", "StoredFile"]

PHOTO_MAX_BYTES = 10 * 1024 * 1024
UPLOAD_MAX_BYTES = 50 * 1024 * 1024
_PHOTO_SIDES = (90, 320, 800, 1280)
_PREFIX = {"photo": "AgAC", "animation": "CgAC", "document": "BQAC", "sticker": "CAAC"}
WRONG_FILE = "wrong file identifier/HTTP URL specified"


@dataclass(frozen=True)
class StoredFile:
    """One file as Telegram knows it."""

    file_id: str
    file_unique_id: str
    kind: str
    data: bytes
    file_name: str
    mime_type: str
    width: int = 0
    height: int = 0

    def as_document(self) -> dict[str, Any]:
        """A Document object."""
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_name": self.file_name,
            "mime_type": self.mime_type,
            "file_size": len(self.data),
        }

    def as_animation(self) -> dict[str, Any]:
        """An Animation object."""
        return {
            **self.as_document(),
            "width": self.width,
            "height": self.height,
            "duration": 1,
        }

    def as_photo_size(self) -> dict[str, Any]:
        """A PhotoSize object for this exact file."""
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "width": self.width,
            "height": self.height,
            "file_size": len(self.data),
        }


class FileStore:
    """All files by file_id; `data` maps file_id -> bytes for tests."""

    def __init__(self) -> None:
        self.meta: dict[str, StoredFile] = {}
        self.data: dict[str, bytes] = {}
        self.urls: dict[str, bytes] = {}
        self.photo_sets: dict[str, list[StoredFile]] = {}
        self._ids = itertools.count(1)

    def add(self, kind: str, data: bytes, file_name: str, mime_type: str) -> StoredFile:
        """Store a new upload of `kind` and return it (a photo: its largest size)."""
        if len(data) > UPLOAD_MAX_BYTES:
            raise bad_request("file is too big")
        if kind == "photo":
            return self._add_photo(data, file_name)
        width, height = _dimensions(data) or (320, 320)
        return self._store(kind, data, file_name, mime_type, width, height)

    def _store(
        self, kind: str, data: bytes, name: str, mime: str, width: int, height: int
    ) -> StoredFile:
        """Register one file under a fresh file_id."""
        number = next(self._ids)
        digest = hashlib.sha256(data + f"{width}x{height}".encode()).hexdigest()
        file_id = f"{_PREFIX.get(kind, 'BQAC')}AgADfake{number:06d}{digest[:24]}"
        stored = StoredFile(file_id, f"AQAD{digest[:16]}", kind, data, name, mime, width, height)
        self.meta[file_id] = stored
        self.data[file_id] = data
        return stored

    def _add_photo(self, data: bytes, file_name: str) -> StoredFile:
        """A photo becomes several PhotoSizes, like Telegram's thumbnails; all share the bytes."""
        size = _dimensions(data)
        if size is None:
            raise bad_request("IMAGE_PROCESS_FAILED")
        width, height = size
        if len(data) > PHOTO_MAX_BYTES or width + height > 10000 or _ratio(width, height) > 20:
            raise bad_request("PHOTO_INVALID_DIMENSIONS")
        sizes = [_scaled(width, height, side) for side in _PHOTO_SIDES if side < max(size)]
        sizes.append((width, height))
        stored = [self._store("photo", data, file_name, "image/jpeg", w, h) for w, h in sizes]
        for item in stored:
            self.photo_sets[item.file_id] = stored
        return stored[-1]

    def photo_sizes(self, file_id: str) -> list[dict[str, Any]]:
        """The PhotoSize list of the photo that `file_id` belongs to."""
        return [item.as_photo_size() for item in self.photo_sets[file_id]]

    def resolve(self, value: Any, kind: str, uploads: Mapping[str, Upload]) -> StoredFile:
        """A parameter naming a file (upload, attach://, file_id or URL) -> the stored file."""
        if isinstance(value, Upload):
            return self.add(kind, value.data, value.filename, value.content_type)
        text = str(value)
        if text.startswith("attach://"):
            upload = uploads[text.removeprefix("attach://")]
            return self.add(kind, upload.data, upload.filename, upload.content_type)
        if text.startswith(("http://", "https://")):
            return self._from_url(text, kind)
        return self._existing(text, kind)

    def _from_url(self, url: str, kind: str) -> StoredFile:
        """Telegram downloads the URL; here it must have been registered."""
        if url not in self.urls:
            raise bad_request("failed to get HTTP URL content")
        name = url.rstrip("/").rsplit("/", 1)[-1] or "file"
        return self.add(kind, self.urls[url], name, "application/octet-stream")

    def _existing(self, file_id: str, kind: str) -> StoredFile:
        """Re-sending a file by its file_id: it must exist and be of a compatible kind."""
        stored = self.meta.get(file_id)
        if stored is None:
            raise bad_request(WRONG_FILE)
        if stored.kind != kind and not (kind == "document" and stored.kind == "animation"):
            raise bad_request(f"can't use file of type {stored.kind} as {kind}")
        return stored


def _dimensions(data: bytes) -> tuple[int, int] | None:
    """Width and height of an image, or None if it is not one."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            return image.size
    except (UnidentifiedImageError, OSError, ValueError):
        return None


def _ratio(width: int, height: int) -> float:
    """The larger side over the smaller."""
    return max(width, height) / max(min(width, height), 1)


def _scaled(width: int, height: int, side: int) -> tuple[int, int]:
    """Dimensions scaled so that the larger side is `side`."""
    scale = side / max(width, height)
    return max(1, round(width * scale)), max(1, round(height * scale))
