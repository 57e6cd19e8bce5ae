"""Types of the native half (python/src/lib.rs); the public API is piao_extract."""

from os import PathLike
from typing import Any, Dict, List, Optional, Tuple, Union

_Source = Union[str, PathLike, bytes, bytearray]

VERSION: str
BYTES_NAME: str

class NativeError(Exception):
    """args: (kind, exit_status, path, reason)."""

def extract(source: _Source, options: Optional[Dict[str, Any]] = None) -> List[Dict[str, Any]]: ...
def extract_document(source: _Source, options: Optional[Dict[str, Any]] = None) -> List[Dict[str, Any]]: ...
def tables(source: _Source, options: Optional[Dict[str, Any]] = None) -> List[Dict[str, Any]]: ...
def error_kinds() -> List[Tuple[str, int]]: ...
def record_schema() -> str: ...
