"""Secret tokens in links: only their hash is stored."""

from __future__ import annotations

import hashlib


def hash_token(token: str) -> str:
    """Return the SHA-256 hex digest under which a secret link token is stored."""
    return hashlib.sha256(token.encode()).hexdigest()
