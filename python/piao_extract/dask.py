"""A folder of PDFs to Parquet on a Dask cluster (extra ``dask``).

>>> from dask.distributed import Client, LocalCluster
>>> from piao_extract.dask import extract_folder
>>> with LocalCluster(n_workers=3, threads_per_worker=1) as cluster, Client(cluster) as client:
...     summary = extract_folder(client, "fixtures", "out/parquet")  # doctest: +SKIP

Each PDF is one task: :func:`extract_to_parquet` reads it, extracts its records with
:func:`piao_extract.extract` (the GIL released) and writes them as one Parquet file,
``<out>/records/<stem>-<sha8>.parquet`` (the name the CLI gives the file's records),
with the columns of :func:`piao_extract.columns` — an empty file with the same schema
for a document without records, so the folder always reads as one dataset. A file
that fails costs its task a typed error in the summary, never the run.

Paths may be local (every worker must see them: a shared filesystem on a real cluster)
or URIs that ``pyarrow.fs`` opens (``s3://bucket/plans``, ``gs://…``, ``hdfs://…``),
for input and output alike. On a real cluster only the ``Client`` changes
(``Client("tcp://scheduler:8786")``); see ``docs/scale.md``.

Person ids (``dirigente_id``) are those of a one-file run; the CLI's batch gives ids
over the whole run.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
from typing import Any, Dict, List, NamedTuple, Optional, Tuple

from . import PiaoError, extract, to_arrow
from .errors import by_kind

__all__ = [
    "FileResult",
    "Summary",
    "list_pdfs",
    "extract_to_parquet",
    "extract_folder",
    "error_counts",
]

#: Name suffixes of the inputs a folder walk takes (a PDF, or a signed envelope
#: around one), compared case-blind.
PDF_SUFFIXES = (".pdf", ".pdf.p7m")

#: Hex digits of the input's sha256 in an output's name, as the CLI names outputs.
SHA_PREFIX = 8


class FileResult(NamedTuple):
    """What one task did with one input."""

    path: str
    rows: int
    output: Optional[str]
    #: ``(kind, exit_status, reason)`` when the file failed.
    error: Optional[Tuple[str, int, str]]


class Summary(NamedTuple):
    """What a folder run did: every file's result, in input order."""

    files: List[FileResult]

    @property
    def rows(self) -> int:
        return sum(f.rows for f in self.files)

    @property
    def failed(self) -> List[FileResult]:
        return [f for f in self.files if f.error is not None]


def _filesystem(uri: str):
    """A ``pyarrow.fs`` filesystem and the path on it: a URI as such, anything else
    as a local path made absolute (workers do not share the caller's folder)."""
    from pyarrow import fs

    if "://" in uri:
        return fs.FileSystem.from_uri(uri)
    return fs.LocalFileSystem(), os.path.abspath(uri)


def list_pdfs(folder: str, recursive: bool = True) -> List[str]:
    """Every PDF (``*.pdf``, ``*.pdf.p7m``) in ``folder`` (and its subfolders unless
    ``recursive=False``), sorted; URIs stay URIs."""
    from pyarrow import fs

    filesystem, root = _filesystem(folder)
    infos = filesystem.get_file_info(fs.FileSelector(root, recursive=recursive))
    found = sorted(
        i.path
        for i in infos
        if i.type == fs.FileType.File and i.path.lower().endswith(PDF_SUFFIXES)
    )
    if "://" in folder:
        scheme = folder.split("://", 1)[0]
        return [f"{scheme}://{p}" for p in found]
    return found


def _read(path: str) -> bytes:
    filesystem, p = _filesystem(path)
    with filesystem.open_input_stream(p) as f:
        return f.read()


def _stem(path: str) -> str:
    name = posixpath.basename(path.replace(os.sep, "/"))
    for suffix in (".p7m", ".pdf"):
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
    return name


def extract_to_parquet(path: str, out: str, **options: Any) -> FileResult:
    """One task: extract ``path`` and write its records to
    ``<out>/records/<stem>-<sha8>.parquet``. Options as :func:`piao_extract.extract`
    (``name`` defaults to ``path``); a typed error is returned, not raised."""
    import pyarrow.parquet as pq

    options.setdefault("name", path)
    try:
        data = _read(path)
        records = extract(data, **options)
    except PiaoError as e:
        return FileResult(path, 0, None, (e.kind, e.exit_status, e.reason))
    except OSError as e:  # reading the input: the library's `io` kind, as the CLI reports it
        io = by_kind()["io"]
        return FileResult(path, 0, None, (io.kind, io.exit_status, f"I/O error: {e}"))
    sha = hashlib.sha256(data).hexdigest()[:SHA_PREFIX]
    filesystem, root = _filesystem(out)
    target = posixpath.join(root, "records", f"{_stem(path)}-{sha}.parquet")
    filesystem.create_dir(posixpath.dirname(target), recursive=True)
    pq.write_table(to_arrow(records), target, filesystem=filesystem)
    return FileResult(path, len(records), target, None)


def extract_folder(
    client, folder: str, out: str, recursive: bool = True, **options: Any
) -> Summary:
    """Every PDF under ``folder`` (:func:`list_pdfs`) as one task on ``client`` (a
    ``dask.distributed.Client``); Parquet under ``<out>/records/``. Options as
    :func:`piao_extract.extract`; ``threads`` defaults to 1 here, since the cluster's
    workers already run one task per thread."""
    options.setdefault("threads", 1)
    paths = list_pdfs(folder, recursive)
    futures = client.map(extract_to_parquet, paths, out=out, pure=False, **options)
    return Summary(client.gather(futures))


def error_counts(summary: Summary) -> Dict[str, int]:
    """How many files failed, by error kind."""
    counts: Dict[str, int] = {}
    for f in summary.failed:
        kind = f.error[0] if f.error else ""
        counts[kind] = counts.get(kind, 0) + 1
    return counts
