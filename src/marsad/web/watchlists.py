"""Watchlists: an e-mail address subscribed to an event filter, confirmed by a signed link (double
opt-in), sent a digest of newly stored matching events at its frequency, unsubscribed in one click."""

from __future__ import annotations

import json
import smtplib
import uuid
from dataclasses import dataclass, fields
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from html import escape
from typing import Any
from urllib.parse import quote

import duckdb
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from marsad.query import EventFilter, select_events
from marsad.web.accounts import User

FREQUENCIES = {"hourly": timedelta(hours=1), "daily": timedelta(days=1), "weekly": timedelta(days=7)}
CONFIRM_DAYS = 3
UNSUBSCRIBE_DAYS = 400
# the EventFilter fields a watchlist may set
WATCH_FIELDS = ("types", "country", "actor_country", "recipient_country", "actor_group", "recipient_group", "name",
                "place", "text", "context")
DIGEST_LIMIT = 200


@dataclass
class MailSettings:
    host: str
    port: int = 25
    sender: str = "marsad@localhost"
    base_url: str = "http://127.0.0.1:8000"
    username: str | None = None
    password: str | None = None
    starttls: bool = False


class TokenError(ValueError):
    pass


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def watch_filter(values: dict[str, Any]) -> dict[str, Any]:
    """The stored form of a watchlist's filter: known fields only, empty ones dropped."""
    known = {f.name for f in fields(EventFilter)}
    out: dict[str, Any] = {}
    for key in WATCH_FIELDS:
        value = values.get(key)
        if key == "types":
            value = [t.strip().upper() for t in (value or []) if t and t.strip()]
        elif isinstance(value, str):
            value = value.strip()[:200]
        if value and key in known:
            out[key] = value
    if not out:
        raise ValueError("a watchlist needs at least one filter")
    return out


def mask_email(email: str) -> str:
    """What a page may show of an address, even to its owner: a…@example.org."""
    local, _, domain = email.partition("@")
    return f"{local[:1]}…@{domain}"


def subscribe(con: duckdb.DuckDBPyConnection, user: User, email: str, label: str, filter_values: dict[str, Any],
              frequency: str) -> str:
    email = email.strip()
    if frequency not in FREQUENCIES:
        raise ValueError(f"frequency must be one of {', '.join(FREQUENCIES)}")
    if len(email) > 254 or email.count("@") != 1 or "." not in email.split("@")[1] or any(c in email for c in " \r\n<>,;"):
        raise ValueError("not an e-mail address")
    sub_id = uuid.uuid4().hex
    con.execute("INSERT INTO subscriptions (sub_id, user_id, email, label, filter, frequency, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [sub_id, user.user_id, email, (label or "").strip()[:100] or None,
                 json.dumps(watch_filter(filter_values), ensure_ascii=False), frequency, _now()])
    return sub_id


def user_subscriptions(con: duckdb.DuckDBPyConnection, user: User) -> list[dict[str, Any]]:
    rows = con.execute("SELECT sub_id, email, label, filter, frequency, confirmed_at, last_sent_at, unsubscribed_at "
                       "FROM subscriptions WHERE user_id = ? ORDER BY created_at", [user.user_id]).fetchall()
    return [{"sub_id": r[0], "email": mask_email(r[1]), "label": r[2], "filter": json.loads(r[3]), "frequency": r[4],
             "status": "unsubscribed" if r[7] else "active" if r[5] else "unconfirmed",
             "last_sent_at": r[6].isoformat(timespec="minutes") if r[6] else None} for r in rows]


# ---- signed tokens ------------------------------------------------------------------------------
def _serializer(secret: str, purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt=f"marsad-{purpose}")


def make_token(secret: str, purpose: str, sub_id: str) -> str:
    return _serializer(secret, purpose).dumps(sub_id)


def read_token(secret: str, purpose: str, token: str, max_age_days: int) -> str:
    try:
        return _serializer(secret, purpose).loads(token, max_age=max_age_days * 86400)
    except SignatureExpired as exc:
        raise TokenError("this link has expired") from exc
    except BadSignature as exc:
        raise TokenError("this link is not valid") from exc


def confirm(con: duckdb.DuckDBPyConnection, secret: str, token: str) -> str:
    sub_id = read_token(secret, "confirm", token, CONFIRM_DAYS)
    if not con.execute("SELECT 1 FROM subscriptions WHERE sub_id = ?", [sub_id]).fetchone():
        raise TokenError("this subscription no longer exists")
    con.execute("UPDATE subscriptions SET confirmed_at = coalesce(confirmed_at, ?) WHERE sub_id = ?", [_now(), sub_id])
    return sub_id


def unsubscribe(con: duckdb.DuckDBPyConnection, secret: str, token: str) -> str:
    sub_id = read_token(secret, "unsubscribe", token, UNSUBSCRIBE_DAYS)
    con.execute("UPDATE subscriptions SET unsubscribed_at = coalesce(unsubscribed_at, ?) WHERE sub_id = ?", [_now(), sub_id])
    return sub_id


# ---- mail ---------------------------------------------------------------------------------------
def _send(settings: MailSettings, message: EmailMessage) -> None:
    with smtplib.SMTP(settings.host, settings.port, timeout=30) as smtp:
        if settings.starttls:
            smtp.starttls()
        if settings.username:
            smtp.login(settings.username, settings.password or "")
        smtp.send_message(message)


def send_confirmation(con: duckdb.DuckDBPyConnection, settings: MailSettings, secret: str, sub_id: str) -> None:
    email, label = con.execute("SELECT email, label FROM subscriptions WHERE sub_id = ?", [sub_id]).fetchone()
    link = f"{settings.base_url.rstrip('/')}/watchlists/confirm?token={make_token(secret, 'confirm', sub_id)}"
    message = EmailMessage()
    message["From"], message["To"] = settings.sender, email
    message["Subject"] = "marsad: confirm your watchlist / تأكيد الاشتراك"
    message.set_content(
        f"Someone (hopefully you) subscribed this address to the marsad watchlist \"{label or ''}\".\n"
        f"Confirm within {CONFIRM_DAYS} days by opening this link:\n\n{link}\n\n"
        f"إذا لم تطلب هذا الاشتراك فتجاهل هذه الرسالة.\n")
    _send(settings, message)


def due_subscriptions(con: duckdb.DuckDBPyConnection, now: datetime) -> list[tuple[str, str, str | None, dict, str, datetime]]:
    rows = con.execute("SELECT sub_id, email, label, filter, frequency, coalesce(last_sent_at, confirmed_at) "
                       "FROM subscriptions WHERE confirmed_at IS NOT NULL AND unsubscribed_at IS NULL").fetchall()
    return [(r[0], r[1], r[2], json.loads(r[3]), r[4], r[5]) for r in rows if r[5] + FREQUENCIES[r[4]] <= now]


def digest_events(con: duckdb.DuckDBPyConnection, filter_values: dict, since: datetime) -> list[dict]:
    flt = EventFilter(**filter_values, stored_after=since, exclude_rejected=True)
    _, rows = select_events(con, flt, limit=DIGEST_LIMIT, order="-date")
    return [json.loads(r[0]) for r in rows]


def _event_line(record: dict) -> str:
    def side(part: dict | None) -> str:
        if not part:
            return "-"
        return f"{part.get('text') or ''} ({part.get('country') or part.get('group') or '?'})"
    place = (record.get("location") or {}).get("text") or ""
    return (f"- {record.get('date') or record.get('published')} {record['type']}: {side(record.get('actor'))} → "
            f"{side(record.get('recipient'))} {place}\n  {record['sentence']['text']}\n")


def digest_html(events: list[dict], label: str | None, base: str, unsubscribe_link: str) -> str:
    """The digest for mail readers that show HTML: right-to-left, the evidence sentence per event. Every
    value is escaped: article text is untrusted, in a mail as on a page."""
    def side(part: dict | None) -> str:
        if not part:
            return "-"
        return f"{escape(part.get('text') or '')} <code>{escape(part.get('country') or part.get('group') or '?')}</code>"

    items = "".join(
        f"<li><b dir=\"ltr\">{escape(e['type'])}</b> · {escape(str(e.get('date') or e.get('published') or ''))} · "
        f"{side(e.get('actor'))} ← {side(e.get('recipient'))}"
        f"<br><q>{escape(e['sentence']['text'])}</q> "
        f"<a href=\"{escape(base)}/events/{quote(e['event_id'])}\">الحدث / event</a></li>" for e in events)
    return (f"<!doctype html><html lang=\"ar\" dir=\"rtl\"><body>"
            f"<p>{len(events)} أحداث جديدة تطابق «{escape(label or '')}» / {len(events)} new events</p><ul>{items}</ul>"
            f"<p><a href=\"{escape(unsubscribe_link)}\">إلغاء الاشتراك / unsubscribe</a></p></body></html>")


def send_digests(con: duckdb.DuckDBPyConnection, settings: MailSettings, secret: str,
                 now: datetime | None = None) -> dict[str, int]:
    """Send every due digest; a subscription with no new events gets no mail. Returns counts."""
    now = now or _now()
    sent = checked = 0
    for sub_id, email, label, filter_values, _frequency, since in due_subscriptions(con, now):
        checked += 1
        events = digest_events(con, filter_values, since)
        if events:
            base = settings.base_url.rstrip("/")
            unsubscribe_link = f"{base}/watchlists/unsubscribe?token={make_token(secret, 'unsubscribe', sub_id)}"
            message = EmailMessage()
            message["From"], message["To"] = settings.sender, email
            message["Subject"] = f"marsad: {len(events)} new events — {label or 'watchlist'}"
            message["List-Unsubscribe"] = f"<{unsubscribe_link}>"
            message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
            body = "".join(_event_line(e) + f"  {base}/events/{e['event_id']}\n" for e in events)
            message.set_content(f"{len(events)} new events match \"{label or ''}\":\n\n{body}\n"
                                f"Unsubscribe in one click / لإلغاء الاشتراك: {unsubscribe_link}\n")
            message.add_alternative(digest_html(events, label, base, unsubscribe_link), subtype="html")
            _send(settings, message)
            sent += 1
        con.execute("UPDATE subscriptions SET last_sent_at = ? WHERE sub_id = ?", [now, sub_id])
    return {"due": checked, "sent": sent}


