"""Optional API keys: the server keeps only their SHA-256 hashes.

The key file (``--api-key-file``) has one key a line as ``sha256:<64 hex digits>``;
blank lines and lines starting with ``#`` are ignored, and a comment after the
hash (``sha256:… # intranet``) names the key for people. Make a line with::

    printf '%s' "$KEY" | sha256sum | sed 's/^/sha256:/; s/ .*//'

A request presents the key as ``Authorization: Bearer <key>`` (or, for
LanguageTool clients, as the ``apiKey`` form field they send). The presented
key is hashed and compared with every stored hash in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from pathlib import Path

_LINE = re.compile(r"sha256:([0-9a-fA-F]{64})(?:\s+#.*)?")


class ApiKeyError(ValueError):
    """The key file cannot be read or has a line that is not a hashed key."""


def hash_key(key: str) -> str:
    """The line for ``key`` in a key file."""
    return "sha256:" + hashlib.sha256(key.encode("utf-8")).hexdigest()


def load_api_keys(path: str) -> frozenset[bytes]:
    """The key hashes in a key file; raises :class:`ApiKeyError` with one line."""
    name = Path(path).name
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ApiKeyError(f"--api-key-file {name}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ApiKeyError(f"--api-key-file {name}: cannot read: {exc}") from None
    hashes: set[bytes] = set()
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        m = _LINE.fullmatch(line)
        if m is None:
            raise ApiKeyError(f"--api-key-file {name}: line {number}: expected "
                              "sha256:<64 hex digits> (the file keeps hashes, not keys)")
        hashes.add(bytes.fromhex(m.group(1)))
    if not hashes:
        raise ApiKeyError(f"--api-key-file {name}: no keys in the file")
    return frozenset(hashes)


def key_ok(presented: str | None, hashes: frozenset[bytes]) -> bool:
    """Whether ``presented`` is one of the keys (every hash is compared: no early exit)."""
    if not presented:
        return False
    digest = hashlib.sha256(presented.encode("utf-8")).digest()
    found = False
    for h in hashes:
        found |= hmac.compare_digest(digest, h)
    return found


def bearer(header: str | None) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header, or None."""
    if not header:
        return None
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()
