"""Analyst reviews and comments. The machine's record is never edited: every review is a new row
(who, when, what), the latest one per event is its review state, and views apply it on the way out."""

from __future__ import annotations

import copy
import json
import re
import uuid
from datetime import UTC, datetime
from typing import Any

import duckdb

from marsad.events.ontology import CAMEO_ROOT, EVENT_TYPES  # noqa: F401 (EVENT_TYPES: the API imports it here)
from marsad.web.accounts import User

ACTIONS = ("accept", "correct", "reject")
VIEWS = ("machine", "reviewed", "both")
# correctable fields: name → (record path, validator)
_COUNTRY = re.compile(r"[A-Z]{3}")
_GROUP = re.compile(r"[A-Z][A-Z0-9_]{1,19}")
_SECTOR = re.compile(r"[A-Z]{3}")
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
CORRECTABLE: dict[str, tuple[tuple[str, ...], re.Pattern | tuple[str, ...] | None]] = {
    "type": (("type",), EVENT_TYPES),
    "actor_country": (("actor", "country"), _COUNTRY), "actor_group": (("actor", "group"), _GROUP),
    "actor_sector": (("actor", "sector"), _SECTOR),
    "recipient_country": (("recipient", "country"), _COUNTRY), "recipient_group": (("recipient", "group"), _GROUP),
    "recipient_sector": (("recipient", "sector"), _SECTOR),
    "location_name": (("location", "name"), None), "location_country": (("location", "country"), _COUNTRY),
    "date": (("date",), _DATE),
}
# a correction may also swap the actor and the recipient (the commonest error: who visited whom), and remove a
# whole participant or the place; in a stored review: {"swap": true}, {"recipient": null}
SWAP = "swap"
SIDES = ("actor", "recipient", "location")


class ReviewError(ValueError):
    pass


def clean_changes(changes: dict[str, Any] | None) -> dict[str, str | bool | None]:
    """Keep the known fields, upper-case codes, check each value; '' or null clears a field. `swap`: true
    swaps the actor and the recipient; `actor`, `recipient` or `location`: null removes that part."""
    cleaned: dict[str, str | bool | None] = {}
    for key, value in (changes or {}).items():
        if key == SWAP:
            if _is_true(value):
                cleaned[SWAP] = True
            continue
        if key in SIDES:
            if value not in (None, ""):
                raise ReviewError(f"{key}: only null (remove the {key}) is accepted")
            cleaned[key] = None
            continue
        if key not in CORRECTABLE:
            raise ReviewError(f"unknown field {key!r}; correctable: {', '.join((*CORRECTABLE, SWAP, *SIDES))}")
        cleaned[key] = _clean_value(key, value)
    return cleaned


def _is_true(value: Any) -> bool:
    if value in (True, "1", "true", "on"):
        return True
    if value in (False, None, "", "0", "false"):
        return False
    raise ReviewError("swap: true or false")


def _clean_value(key: str, value: Any) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if key == "type":
            raise ReviewError("type cannot be empty")
        return None
    if not isinstance(value, str):
        raise ReviewError(f"{key}: a string is expected")
    value = value.strip()
    _, check = CORRECTABLE[key]
    if key != "location_name" and key != "date":
        value = value.upper()
    if isinstance(check, tuple) and value not in check:
        raise ReviewError(f"{key}: {value!r} is not one of {', '.join(check)}")
    if isinstance(check, re.Pattern) and not check.fullmatch(value):
        raise ReviewError(f"{key}: {value!r} is not a valid value")
    if key == "location_name" and len(value) > 200:
        raise ReviewError("location_name: too long")
    return value


def add_review(con: duckdb.DuckDBPyConnection, event_id: str, user: User, action: str,
               changes: dict[str, Any] | None = None, note: str | None = None) -> dict[str, Any]:
    if not user.can_review():
        raise PermissionError("reviewing needs the analyst or admin role")
    if action not in ACTIONS:
        raise ReviewError(f"action must be one of {', '.join(ACTIONS)}")
    if not con.execute("SELECT 1 FROM events WHERE event_id = ?", [event_id]).fetchone():
        raise KeyError(event_id)
    cleaned = clean_changes(changes) if action == "correct" else {}
    if action == "correct" and not cleaned:
        raise ReviewError("a correction needs at least one changed field")
    review = {"review_id": uuid.uuid4().hex, "event_id": event_id, "user_id": user.user_id, "action": action,
              "changes": cleaned, "note": (note or "").strip()[:2000] or None,
              "created_at": datetime.now(UTC).replace(tzinfo=None)}
    con.execute("INSERT INTO reviews VALUES (?, ?, ?, ?, ?, ?, ?)",
                [review["review_id"], event_id, user.user_id, action, json.dumps(cleaned, ensure_ascii=False),
                 review["note"], review["created_at"]])
    return public_review(review, user.username)


def public_review(row: dict[str, Any], username: str | None) -> dict[str, Any]:
    changes = row["changes"]
    return {"review_id": row["review_id"], "event_id": row["event_id"], "reviewer": username, "action": row["action"],
            "changes": json.loads(changes) if isinstance(changes, str) else changes, "note": row["note"],
            "created_at": row["created_at"].isoformat(timespec="seconds")}


_REVIEW_SQL = ("SELECT r.review_id, r.event_id, r.action, r.changes, r.note, r.created_at, u.username "
               "FROM {table} r LEFT JOIN users u USING (user_id)")


def _rows(cur) -> list[dict[str, Any]]:
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def review_history(con: duckdb.DuckDBPyConnection, event_id: str) -> list[dict[str, Any]]:
    rows = _rows(con.execute(_REVIEW_SQL.format(table="reviews") + " WHERE r.event_id = ? ORDER BY r.created_at",
                             [event_id]))
    return [public_review(r, r["username"]) for r in rows]


def review_states(con: duckdb.DuckDBPyConnection, event_ids: list[str]) -> dict[str, dict[str, Any]]:
    if not event_ids:
        return {}
    con.register("wanted_ids", _id_table(event_ids))
    try:
        rows = _rows(con.execute(_REVIEW_SQL.format(table="review_state")
                                 + " WHERE r.event_id IN (SELECT event_id FROM wanted_ids)"))
    finally:
        con.unregister("wanted_ids")
    return {r["event_id"]: public_review(r, r["username"]) for r in rows}


def _id_table(ids: list[str]):
    import pyarrow as pa
    return pa.table({"event_id": pa.array(ids, type=pa.string())})


def apply_review(record: dict[str, Any], review: dict[str, Any] | None) -> dict[str, Any] | None:
    """The reviewed record: corrections applied, None when rejected, unchanged when accepted or unreviewed.
    A correction swaps the actor and the recipient first, then removes parts, then sets fields."""
    if not review:
        return record
    if review["action"] == "reject":
        return None
    reviewed = copy.deepcopy(record)
    changes = review.get("changes") or {}
    if changes.get(SWAP):
        reviewed["actor"], reviewed["recipient"] = reviewed.get("recipient"), reviewed.get("actor")
    for side in SIDES:
        if side in changes:
            reviewed[side] = None
    for key, value in changes.items():
        if key in CORRECTABLE:
            _set_field(record, reviewed, key, value)
    reviewed["review"] = {"action": review["action"], "reviewer": review["reviewer"], "at": review["created_at"]}
    return reviewed


def _set_field(record: dict[str, Any], reviewed: dict[str, Any], key: str, value: str | None) -> None:
    path, _ = CORRECTABLE[key]
    if len(path) == 1:
        reviewed[path[0]] = value
        if key == "type" and value != record.get("type"):
            reviewed["cameo"] = CAMEO_ROOT[value]
            reviewed["mode"] = None
    else:
        part = dict(reviewed.get(path[0]) or {"text": None})
        part[path[1]] = value
        reviewed[path[0]] = part
    if key == "date":
        reviewed["date_precision"] = {4: "year", 7: "month", 10: "day"}[len(value)] if value else None


def view_record(record: dict[str, Any], review: dict[str, Any] | None, view: str) -> dict[str, Any] | None:
    """machine: the record as coded; reviewed: with the latest review applied (rejected: None); both: the
    machine record plus `reviewed` and `review_state`."""
    if view == "machine":
        return record
    if view == "reviewed":
        return apply_review(record, review)
    out = dict(record)
    out["review_state"] = review["action"] if review else "pending"
    out["reviewed"] = apply_review(record, review)
    return out


# ---- comments ---------------------------------------------------------------------------------
def add_comment(con: duckdb.DuckDBPyConnection, event_id: str, user: User, body: str) -> dict[str, Any]:
    body = (body or "").strip()
    if not body:
        raise ReviewError("a comment cannot be empty")
    if len(body) > 5000:
        raise ReviewError("a comment has at most 5000 characters")
    if not con.execute("SELECT 1 FROM events WHERE event_id = ?", [event_id]).fetchone():
        raise KeyError(event_id)
    comment_id, now = uuid.uuid4().hex, datetime.now(UTC).replace(tzinfo=None)
    con.execute("INSERT INTO comments VALUES (?, ?, ?, ?, ?)", [comment_id, event_id, user.user_id, body, now])
    return {"comment_id": comment_id, "event_id": event_id, "author": user.username, "body": body,
            "created_at": now.isoformat(timespec="seconds")}


def comments_for(con: duckdb.DuckDBPyConnection, event_id: str) -> list[dict[str, Any]]:
    """Comments with their author's user name; never the e-mail address."""
    rows = con.execute("SELECT c.comment_id, c.event_id, u.username, c.body, c.created_at FROM comments c "
                       "LEFT JOIN users u USING (user_id) WHERE c.event_id = ? ORDER BY c.created_at", [event_id]).fetchall()
    return [{"comment_id": r[0], "event_id": r[1], "author": r[2], "body": r[3], "created_at": r[4].isoformat(timespec="seconds")}
            for r in rows]
