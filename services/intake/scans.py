"""Scanned paper forms (扫描件): validation, content-addressed storage and the clerk's queue.

A scan is an image (PNG, JPEG, TIFF, BMP) or one page of a PDF. Files are stored once in the data
folder under their SHA-256 (``scans/ab/abcdef….png``); a ``models.Scan`` row names the file, the page
and, once entered, the customer.

Why Pillow for images and a small parser for PDFs, and not Qt: services must run without Qt (the
command line, tests, a future server), and a damaged file has to be refused *before* anything is
stored. Pillow decodes the whole image (``load``), so a truncated PNG fails here with a Chinese
message instead of showing half a form later. For PDFs the service only needs to know "is this a PDF
and how many pages": `pdf_page_count` reads the page tree's ``/Count`` (also inside compressed
object streams). Drawing a page is the viewer's job, so QtPdf renders pages on the ui side only; a
file QtPdf cannot open is reported there too, and nothing was stored for it.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import tempfile
import warnings
import zlib
from dataclasses import dataclass
from pathlib import Path

from models import Scan, db
from services.office.permissions import Actor, require
from services.platform.errors import NotFound, ValidationError

IMAGE_SUFFIXES = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".tif": "TIFF", ".tiff": "TIFF", ".bmp": "BMP"}
SUFFIXES = frozenset(IMAGE_SUFFIXES) | {".pdf"}
MAX_PIXELS = 80_000_000  # an A3 page at 600 dpi is ~70 Mpx; more is a damaged or hostile header
MAX_BYTES = 200 * 1024 * 1024
MAX_PDF_PAGES = 5000

_COUNT_RE = re.compile(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)|/Count\s+(\d+)[^>]*?/Type\s*/Pages\b", re.S)
_STREAM_RE = re.compile(rb"stream\r?\n(.*?)endstream", re.S)


@dataclass(frozen=True)
class ScanFile:
    """A checked file: what kind it is and how many pages it has (images: 1)."""

    path: str
    sha256: str
    kind: str  # "image" | "pdf"
    pages: int
    suffix: str


@dataclass(frozen=True)
class QueueItem:
    """One page waiting to be typed in."""

    path: str
    page: int
    kind: str  # "image" | "pdf"
    sha256: str
    name: str  # file name, plus the page for PDFs (for the progress label)


@dataclass(frozen=True)
class Queue:
    items: tuple[QueueItem, ...]
    total_pages: int  # pages found, including those already entered
    problems: tuple[tuple[str, str], ...]  # (file name, Chinese reason) of files that were skipped


def default_data_dir(db_location: str | None) -> Path:
    """A folder beside the SQLite file (``keyuan.db`` → ``keyuan-data``).

    ``KEYUAN_DATA_DIR`` overrides it: offices on PostgreSQL point it at a folder every PC shares.
    Without it, PostgreSQL uses ``~/keyuan-data`` (kept across restarts, unlike a temp folder) and
    an in-memory database a fresh temp folder (nothing there outlives the process anyway).
    """
    env = os.environ.get("KEYUAN_DATA_DIR")
    if env:
        return Path(env)
    if db_location and db_location != ":memory:" and "://" not in db_location:
        p = Path(db_location)
        return p.with_name(p.stem + "-data")
    if db_location and "://" in db_location:
        return Path.home() / "keyuan-data"
    return Path(tempfile.mkdtemp(prefix="keyuan-data-"))


def pdf_page_count(data: bytes, name: str = "") -> int:
    """Pages of a PDF, read from the page tree's ``/Count``; a clear error when it is not a PDF."""
    label = name or "文件"
    head = data[:1024]
    if b"%PDF-" not in head:
        raise ValidationError("file", f"{label} 不是 PDF 文件(文件头不对),可能已损坏或改了扩展名。")
    if b"%%EOF" not in data[-2048:]:
        raise ValidationError("file", f"{label} 不完整(缺少文件结尾),可能下载或复制时被截断。")
    counts = [int(a or b) for a, b in _COUNT_RE.findall(data)]
    if not counts:
        # PDF 1.5+ may keep the page tree inside compressed object streams.
        for m in _STREAM_RE.finditer(data):
            try:
                chunk = zlib.decompressobj().decompress(m.group(1), 2_000_000)
            except zlib.error:
                continue
            counts.extend(int(a or b) for a, b in _COUNT_RE.findall(chunk))
    pages = max(counts, default=0)
    if pages <= 0:
        raise ValidationError("file", f"{label} 里找不到任何页面,可能已损坏。")
    if pages > MAX_PDF_PAGES:
        raise ValidationError("file", f"{label} 声称有 {pages} 页,超过上限 {MAX_PDF_PAGES} 页,可能已损坏。")
    return pages


def check_image(data: bytes, name: str = "") -> tuple[int, int, int]:
    """Decode the image; return (width, height, pages) or raise a Chinese `ValidationError`.

    A multi-page TIFF (what many office scanners write for a stack) has one page per frame.
    """
    from PIL import Image, UnidentifiedImageError  # imported here: only scans need Pillow

    label = name or "图片"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Pillow's own bomb warning: we check the size ourselves
            with Image.open(io.BytesIO(data)) as im:
                w, h = im.size
                if w <= 0 or h <= 0 or w * h > MAX_PIXELS:
                    raise ValidationError(
                        "file", f"{label} 的尺寸 {w}×{h} 像素超出范围(最多 {MAX_PIXELS // 1_000_000} 百万像素)。"
                    )
                if im.format not in set(IMAGE_SUFFIXES.values()):
                    raise ValidationError("file", f"{label} 的格式 {im.format} 不支持,请用 PNG、JPEG、TIFF 或 BMP。")
                im.load()
                pages = max(int(getattr(im, "n_frames", 1) or 1), 1)
    except ValidationError:
        raise
    except Image.DecompressionBombError as exc:  # Pillow refuses the header before we can measure it
        raise ValidationError("file", f"{label} 的尺寸超出范围(最多 {MAX_PIXELS // 1_000_000} 百万像素)。") from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise ValidationError("file", f"{label} 无法读取,文件可能已损坏或不完整。") from exc
    if pages > MAX_PDF_PAGES:
        raise ValidationError("file", f"{label} 声称有 {pages} 页,超过上限 {MAX_PDF_PAGES} 页,可能已损坏。")
    return w, h, pages


def check_file(path: str | os.PathLike) -> ScanFile:
    """Read and check one scan file; nothing is stored."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in SUFFIXES:
        raise ValidationError("file", f"{p.name} 不是支持的扫描件格式(PNG、JPEG、TIFF、BMP 或 PDF)。")
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise ValidationError("file", f"{p.name} 太大({size // 1048576} MB),扫描件最多 200 MB。")
        data = p.read_bytes()
    except OSError as exc:
        raise ValidationError("file", f"无法打开 {p.name}:{exc.strerror or exc}。") from exc
    if not data:
        raise ValidationError("file", f"{p.name} 是空文件(0 字节)。")
    digest = hashlib.sha256(data).hexdigest()
    if suffix == ".pdf":
        return ScanFile(str(p), digest, "pdf", pdf_page_count(data, p.name), suffix)
    _w, _h, pages = check_image(data, p.name)
    return ScanFile(str(p), digest, "image", pages, suffix)


INBOX = "待录入扫描件"


class ScanService:
    """Stores scans in ``app.data_dir`` and lists what is still to be typed in."""

    def __init__(self, app):
        self.app = app

    @property
    def folder(self) -> Path:
        return Path(self.app.data_dir) / "scans"

    def inbox_folder(self, batch_name: str) -> Path | None:
        """The office's scans of a batch, waiting to be typed in: the data folder's 待录入扫描件/<批次名>/
        (where a shared scanner saves, and the demo leaves its stack), when it holds a scan file."""
        if not batch_name or batch_name != Path(batch_name).name or batch_name.startswith("."):
            return None  # a name that is not one folder name never reaches outside the inbox
        folder = Path(self.app.data_dir) / INBOX / batch_name
        try:
            has_scans = folder.is_dir() and any(f.suffix.lower() in SUFFIXES for f in folder.iterdir())
        except OSError:
            return None
        return folder if has_scans else None

    def _entered(self, digests: set[str]) -> set[tuple[str, int]]:
        """(sha256, page) pairs already attached to a card."""
        if not digests:
            return set()
        q = Scan.select(Scan.sha256, Scan.page).where(Scan.sha256.in_(list(digests)) & Scan.customer.is_null(False))
        return set(q.tuples())

    def open_queue(self, path: str | os.PathLike) -> Queue:
        """The pages of a file, or of every scan file in a folder (sorted by name), not yet entered.

        A single damaged file raises `ValidationError`; in a folder damaged files are skipped and
        listed in ``problems`` so one bad page does not block the day's work.
        """
        p = Path(path)
        if p.is_dir():
            files = sorted(
                (f for f in p.iterdir() if f.is_file() and f.suffix.lower() in SUFFIXES), key=lambda f: f.name
            )
            if not files:
                raise ValidationError("folder", f"文件夹 {p.name} 里没有扫描件(PNG、JPEG、TIFF、BMP 或 PDF)。")
            checked, problems = [], []
            for f in files:
                try:
                    checked.append(check_file(f))
                except ValidationError as exc:
                    problems.append((f.name, exc.message))
        elif p.is_file():
            checked, problems = [check_file(p)], []
        else:
            raise ValidationError("file", f"找不到 {p}。")
        done = self._entered({c.sha256 for c in checked})
        items = []
        total = 0
        for c in checked:
            for page in range(c.pages):
                total += 1
                if (c.sha256, page) in done:
                    continue
                name = Path(c.path).name + (f" 第 {page + 1} 页" if c.pages > 1 or c.kind == "pdf" else "")
                items.append(QueueItem(c.path, page, c.kind, c.sha256, name))
        return Queue(tuple(items), total, tuple(problems))

    def _store_file(self, src: ScanFile) -> str:
        """Copy the file into the data folder under its hash (once); return the stored name."""
        stored = f"{src.sha256[:2]}/{src.sha256}{src.suffix}"
        target = self.folder / stored
        if not target.exists():
            # Scans show customers' handwriting: owner-only folders (mkstemp makes the file 0600).
            target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            os.chmod(self.folder, 0o700)
            # Write to a temp name and rename, so a crash never leaves a half file under the hash.
            fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".part")
            try:
                with os.fdopen(fd, "wb") as out:
                    out.write(Path(src.path).read_bytes())
                os.replace(tmp, target)
            except OSError as exc:
                Path(tmp).unlink(missing_ok=True)
                raise ValidationError("file", f"扫描件无法保存到数据文件夹:{exc.strerror or exc}。") from exc
        return stored

    def add(self, actor: Actor, path: str | os.PathLike, page: int = 0, customer_id: int | None = None) -> int:
        """Check and store one page of a scan file; return the ``Scan`` id.

        Call inside the action's transaction (intake does). The file copy is not transactional, but
        it is content-addressed: a rolled-back save leaves at most an unreferenced copy, never a
        wrong one.
        """
        require(actor, "customer.create", "保存扫描件")
        src = check_file(path)
        if not 0 <= page < src.pages:
            raise ValidationError("page", f"{Path(path).name} 没有第 {page + 1} 页(共 {src.pages} 页)。")
        with db.atomic():
            stored = self._store_file(src)
            scan = Scan.create(
                sha256=src.sha256,
                stored_name=stored,
                original_name=Path(path).name[:255],
                page=page,
                customer=customer_id,
                added_at=self.app.clock.now(),
                added_by=actor.user_id,
                info={"kind": src.kind, "pages": src.pages},
            )
        return scan.id

    def attach(self, scan_id: int, customer_id: int) -> None:
        """Link a stored scan to a card (inside the caller's transaction)."""
        n = Scan.update(customer=customer_id).where(Scan.id == scan_id).execute()
        if not n:
            raise NotFound(f"扫描件 {scan_id} 不存在。")

    def file_of(self, scan_id: int) -> tuple[str, int, str]:
        """(stored file path, page, kind) for the viewer."""
        s = Scan.get_or_none(Scan.id == scan_id)
        if s is None:
            raise NotFound(f"扫描件 {scan_id} 不存在。")
        kind = (s.info or {}).get("kind", "image")
        return str(self.folder / s.stored_name), s.page, kind

    def of_customer(self, customer_id: int) -> list[int]:
        return [i for (i,) in Scan.select(Scan.id).where(Scan.customer == customer_id).order_by(Scan.id).tuples()]


__all__ = ["Queue", "QueueItem", "ScanFile", "ScanService", "check_file", "default_data_dir", "pdf_page_count"]
