"""Users, roles, passwords (argon2), API tokens and login sessions."""

from __future__ import annotations

import functools
import hashlib
import re
import secrets
import time
import uuid
from collections import deque
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import duckdb
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

ROLES = ("viewer", "analyst", "admin")
SESSION_DAYS = 14
_hasher = PasswordHasher()



@functools.cache
def _dummy_hash() -> str:
    """Verifying against this keeps a login for an unknown user as slow as one for a known user (made on
    first use, not at import: every marsad command imports this module)."""
    return _hasher.hash("marsad-no-such-user")


@dataclass(frozen=True)
class User:
    user_id: str
    username: str
    role: str

    def can_review(self) -> bool:
        return self.role in ("analyst", "admin")


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _sha256(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def add_user(con: duckdb.DuckDBPyConnection, username: str, password: str, role: str = "viewer",
             email: str | None = None, with_api_token: bool = False) -> tuple[User, str | None]:
    """Create a user; returns it and, when asked, its API token (shown once, stored hashed)."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    if not re.fullmatch(r"[\w.\-]{2,40}", username):
        raise ValueError("username: 2-40 letters, digits, '.', '-' or '_'")
    if len(password) < 8:
        raise ValueError("password: at least 8 characters")
    if con.execute("SELECT 1 FROM users WHERE username = ?", [username]).fetchone():
        raise ValueError(f"user {username!r} exists")
    token = secrets.token_urlsafe(32) if with_api_token else None
    user = User(uuid.uuid4().hex, username, role)
    con.execute("INSERT INTO users VALUES (?, ?, ?, ?, ?, ?, ?)",
                [user.user_id, username, email, _hasher.hash(password), role, _sha256(token) if token else None, _now()])
    return user, token


def authenticate(con: duckdb.DuckDBPyConnection, username: str, password: str) -> User | None:
    """The user whose password this is, or None. argon2 takes ~0.1 s of CPU: the web app calls this in a
    worker thread (guards.off_loop), never on the event loop."""
    row = con.execute("SELECT user_id, username, role, password_hash FROM users WHERE username = ?",
                      [username]).fetchone()
    try:
        _hasher.verify(row[3] if row else _dummy_hash(), password)
    except (VerificationError, InvalidHashError):
        return None
    return User(row[0], row[1], row[2]) if row else None


def user_for_api_token(con: duckdb.DuckDBPyConnection, token: str) -> User | None:
    row = con.execute("SELECT user_id, username, role FROM users WHERE api_token_hash = ?", [_sha256(token)]).fetchone()
    return User(*row) if row else None


def start_session(con: duckdb.DuckDBPyConnection, user: User) -> str:
    """A new session; the cookie carries the token, the store only its hash. Its CSRF token is derived
    from the session (context.check_csrf), so nothing CSRF-related is stored."""
    token = secrets.token_urlsafe(32)
    now = _now()
    con.execute("INSERT INTO sessions VALUES (?, ?, NULL, ?, ?)",
                [_sha256(token), user.user_id, now, now + timedelta(days=SESSION_DAYS)])
    return token


def session_hash(token: str) -> str:
    return _sha256(token)


def session_user(con: duckdb.DuckDBPyConnection, token: str | None) -> User | None:
    if not token:
        return None
    row = con.execute(
        "SELECT u.user_id, u.username, u.role FROM sessions s JOIN users u USING (user_id) "
        "WHERE s.session_hash = ? AND s.expires_at > ?", [_sha256(token), _now()]).fetchone()
    return User(*row) if row else None


def end_session(con: duckdb.DuckDBPyConnection, token: str | None) -> None:
    if token:
        con.execute("DELETE FROM sessions WHERE session_hash = ?", [_sha256(token)])


class LoginLimiter:
    """Failed logins in the last `window` seconds: at most `attempts` per client address and user name, and
    `per_address` per client address whatever the names. Never per user name alone: strangers failing to
    sign in as someone must not lock that someone out, who signs in from their own address."""

    def __init__(self, attempts: int = 5, window: float = 300.0, per_address: int = 20, max_keys: int = 100_000):
        self.attempts, self.window, self.per_address, self.max_keys = attempts, window, per_address, max_keys
        self.failures: dict[str, deque[float]] = {}

    @staticmethod
    def _keys(client: str, username: str) -> tuple[str, str]:
        return f"ip:{client}", f"ip-user:{client}\x00{username}"

    def _count(self, key: str, now: float) -> int:
        times = self.failures.get(key)
        while times and times[0] < now - self.window:
            times.popleft()
        return len(times) if times else 0

    def blocked(self, client: str, username: str) -> bool:
        now = time.monotonic()
        by_address, by_name = self._keys(client, username)
        return self._count(by_address, now) >= self.per_address or self._count(by_name, now) >= self.attempts

    def attempted(self, client: str, username: str) -> None:
        """Count a login as failed before the password is checked; `succeeded` takes it back."""
        now = time.monotonic()
        if len(self.failures) >= self.max_keys:
            self._prune(now)
        for key in self._keys(client, username):
            self.failures.setdefault(key, deque()).append(now)

    def succeeded(self, client: str, username: str) -> None:
        by_address, by_name = self._keys(client, username)
        self.failures.pop(by_name, None)
        if self.failures.get(by_address):
            self.failures[by_address].pop()

    def _prune(self, now: float) -> None:
        """Bounded memory under a storm of new names: forget expired keys, then the oldest ones."""
        for key in [k for k in self.failures if not self._count(k, now)]:
            del self.failures[key]
        while len(self.failures) >= self.max_keys:
            del self.failures[next(iter(self.failures))]


def list_users(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """Accounts for the admin page: name, role, since when, whether an API token exists; no e-mail address."""
    rows = con.execute("SELECT username, role, created_at, api_token_hash IS NOT NULL FROM users ORDER BY username").fetchall()
    return [{"username": r[0], "role": r[1], "created_at": r[2].isoformat(timespec="minutes") if r[2] else None,
             "api_token": bool(r[3])} for r in rows]


def set_role(con: duckdb.DuckDBPyConnection, admin: User, username: str, role: str) -> None:
    if admin.role != "admin":
        raise PermissionError("changing roles needs the admin role")
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    if username == admin.username and role != "admin":
        raise ValueError("an admin cannot demote themselves (ask another admin)")
    if not con.execute("SELECT 1 FROM users WHERE username = ?", [username]).fetchone():
        raise KeyError(username)
    con.execute("UPDATE users SET role = ? WHERE username = ?", [role, username])


def change_password(con: duckdb.DuckDBPyConnection, user: User, current: str, new: str) -> str:
    """Check the current password, store the new one's hash, end every session of the user and start a
    fresh one (returned): a stolen session does not survive a password change. Hashes twice: the web
    app runs it in a worker thread."""
    if authenticate(con, user.username, current) is None:
        raise PermissionError("the current password is wrong")
    if len(new) < 8:
        raise ValueError("password: at least 8 characters")
    con.execute("UPDATE users SET password_hash = ? WHERE user_id = ?", [_hasher.hash(new), user.user_id])
    con.execute("DELETE FROM sessions WHERE user_id = ?", [user.user_id])
    return start_session(con, user)


def new_api_token(con: duckdb.DuckDBPyConnection, user: User) -> str:
    """Replace the user's API token; the new one is shown once, only its hash is kept."""
    token = secrets.token_urlsafe(32)
    con.execute("UPDATE users SET api_token_hash = ? WHERE user_id = ?", [_sha256(token), user.user_id])
    return token
