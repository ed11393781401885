"""Watchlists: an e-mail address subscribed to an event filter, confirmed by a signed link (double
opt-in), sent a digest of newly stored matching events at its frequency, unsubscribed in one click."""

from __future__ import annotations

import json
import re
import smtplib
import unicodedata
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
                "place", "text", "context", "mode", "source")
# a deleted watchlist leaves its user's list at once; its row stays, under this owner, while the mail limits count it
DELETED = "deleted:"
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


@dataclass
class MailLimits:
    """Confirmation mails (one per new watchlist) allowed per `window`: to one address, and caused by one user."""
    per_address: int = 3
    per_user: int = 10
    window: timedelta = timedelta(hours=1)


class TokenError(ValueError):
    pass


class MailLimitReached(ValueError):
    pass


LABEL_MAX = 100
# ASCII addresses only: an address smtplib cannot send to without SMTPUTF8 is refused here, not by the server
_EMAIL = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+"
                    r"[A-Za-z]{2,63}")
_BIDI_CONTROLS = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def has_control_characters(text: str) -> bool:
    """CR, LF and other control characters, line separators, bidi overrides: nothing a label or a filter
    needs, and what breaks a mail header or forges a line (the joiners of Arabic script stay allowed)."""
    return any(unicodedata.category(c) in ("Cc", "Zl", "Zp") or c in _BIDI_CONTROLS for c in text)


def clean_text(value: str, name: str, limit: int) -> str:
    value = value.strip()
    if has_control_characters(value):
        raise ValueError(f"{name}: control characters (such as line breaks) are not allowed")
    if len(value) > limit:
        raise ValueError(f"{name}: at most {limit} characters")
    return value


def watch_filter(values: dict[str, Any]) -> dict[str, Any]:
    """The stored form of a watchlist's filter: known fields only, empty ones dropped."""
    known = {f.name for f in fields(EventFilter)}
    out: dict[str, Any] = {}
    for key in WATCH_FIELDS:
        value = values.get(key)
        if key == "types":
            value = [clean_text(t, "types", 20).upper() for t in (value or []) if t and t.strip()]
        elif isinstance(value, str):
            value = clean_text(value, key, 200)
        if value and key in known:
            out[key] = value
    if not out:
        raise ValueError("a watchlist needs at least one filter")
    return out


def check_email(email: str) -> str:
    email = email.strip()
    if len(email) > 254 or not _EMAIL.fullmatch(email):
        raise ValueError("not an e-mail address")
    return email


def mask_email(email: str) -> str:
    """What a page may show of an address, even to its owner: a…@example.org."""
    local, _, domain = email.partition("@")
    return f"{local[:1]}…@{domain}"


def subscribe(con: duckdb.DuckDBPyConnection, user: User, email: str, label: str, filter_values: dict[str, Any],
              frequency: str, limits: MailLimits | None = None) -> str:
    """A new, unconfirmed subscription; its confirmation mail is the caller's to send. Raises ValueError
    on bad input, MailLimitReached when the address or the user had their share of mails."""
    email = check_email(email)
    if frequency not in FREQUENCIES:
        raise ValueError(f"frequency must be one of {', '.join(FREQUENCIES)}")
    label = clean_text(label or "", "label", LABEL_MAX)
    stored_filter = json.dumps(watch_filter(filter_values), ensure_ascii=False)
    now = _now()
    check_mail_limits(con, user, email, limits or MailLimits(), now)
    sub_id = uuid.uuid4().hex
    con.execute("INSERT INTO subscriptions (sub_id, user_id, email, label, filter, frequency, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [sub_id, user.user_id, email, label or None, stored_filter, frequency, now])
    return sub_id


def check_mail_limits(con: duckdb.DuckDBPyConnection, user: User, email: str, limits: MailLimits, now: datetime) -> None:
    """Each subscription sends one confirmation mail: count the recent ones to this address and by this user."""
    since = now - limits.window
    minutes = int(limits.window.total_seconds() // 60)
    to_address = con.execute("SELECT count(*) FROM subscriptions WHERE lower(email) = lower(?) AND created_at > ?",
                             [email, since]).fetchone()[0]
    if to_address >= limits.per_address:
        raise MailLimitReached(f"this address was already sent {to_address} confirmation mails in the last {minutes} "
                               "minutes; try again later")
    by_user = con.execute("SELECT count(*) FROM subscriptions WHERE user_id IN (?, ?) AND created_at > ?",
                          [user.user_id, DELETED + user.user_id, since]).fetchone()[0]
    if by_user >= limits.per_user:
        raise MailLimitReached(f"you made {by_user} watchlists in the last {minutes} minutes; try again later")


def forget(con: duckdb.DuckDBPyConnection, sub_id: str) -> None:
    """Drop a subscription whose confirmation mail could not be sent."""
    con.execute("DELETE FROM subscriptions WHERE sub_id = ?", [sub_id])


def unsubscribe_own(con: duckdb.DuckDBPyConnection, user: User, sub_id: str) -> bool:
    """The owner stops a watchlist's mails from its page; False when it is not theirs (or does not exist)."""
    found = con.execute("UPDATE subscriptions SET unsubscribed_at = coalesce(unsubscribed_at, ?) "
                        "WHERE sub_id = ? AND user_id = ? RETURNING sub_id", [_now(), sub_id, user.user_id]).fetchall()
    return bool(found)


def delete_own(con: duckdb.DuckDBPyConnection, user: User, sub_id: str, limits: MailLimits | None = None) -> bool:
    """The owner deletes a watchlist: it leaves their list and sends nothing more. Its label and filter are
    erased now; the row itself (address, time) only once the mail limits no longer count it, so that deleting
    and subscribing again cannot send more confirmation mails than the limits allow."""
    found = con.execute("UPDATE subscriptions SET user_id = ?, label = NULL, filter = '{}', "
                        "unsubscribed_at = coalesce(unsubscribed_at, ?) WHERE sub_id = ? AND user_id = ? RETURNING sub_id",
                        [DELETED + user.user_id, _now(), sub_id, user.user_id]).fetchall()
    purge_deleted(con, limits or MailLimits())
    return bool(found)


def purge_deleted(con: duckdb.DuckDBPyConnection, limits: MailLimits) -> None:
    con.execute("DELETE FROM subscriptions WHERE starts_with(user_id, ?) AND created_at <= ?",
                [DELETED, _now() - limits.window])


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
def send(settings: MailSettings, message: EmailMessage) -> None:
    with smtplib.SMTP(settings.host, settings.port, timeout=30) as smtp:
        if settings.starttls:
            smtp.starttls()
        if settings.username:
            smtp.login(settings.username, settings.password or "")
        smtp.send_message(message)


def confirmation_message(con: duckdb.DuckDBPyConnection, settings: MailSettings, secret: str, sub_id: str,
                         username: str) -> EmailMessage:
    """The double opt-in mail. It carries no text the subscriber typed (label, filter): the address may be
    anyone's, so the mail must not be a way to send them one's own words."""
    email = con.execute("SELECT email FROM subscriptions WHERE sub_id = ?", [sub_id]).fetchone()[0]
    link = f"{settings.base_url.rstrip('/')}/watchlists/confirm?token={make_token(secret, 'confirm', sub_id)}"
    message = EmailMessage()
    message["From"], message["To"] = settings.sender, email
    message["Subject"] = "marsad: confirm your watchlist / تأكيد الاشتراك"
    message.set_content(
        f"Someone (the marsad user {username}, hopefully you) subscribed this address to a marsad watchlist.\n"
        f"Confirm within {CONFIRM_DAYS} days by opening this link:\n\n{link}\n\n"
        f"إذا لم تطلب هذا الاشتراك فتجاهل هذه الرسالة.\n")
    return message


@dataclass
class Subscription:
    sub_id: str
    email: str
    label: str | None
    filter_json: str
    frequency: str
    since: datetime  # the last digest, or the confirmation


def active_subscriptions(con: duckdb.DuckDBPyConnection) -> list[Subscription]:
    """Confirmed and not unsubscribed; each is checked when its digest is made (one bad row costs only itself)."""
    rows = con.execute("SELECT sub_id, email, label, filter, frequency, coalesce(last_sent_at, confirmed_at) "
                       "FROM subscriptions WHERE confirmed_at IS NOT NULL AND unsubscribed_at IS NULL "
                       "ORDER BY confirmed_at, sub_id").fetchall()
    return [Subscription(*r) for r in rows]


def is_due(sub: Subscription, now: datetime) -> bool:
    if sub.frequency not in FREQUENCIES:
        raise ValueError(f"unknown frequency {sub.frequency!r}")
    return sub.since + FREQUENCIES[sub.frequency] <= now


def digest_events(con: duckdb.DuckDBPyConnection, filter_values: dict, since: datetime) -> list[dict]:
    """The new stories matching a watchlist, newest first: one record per story (its most confident new
    report), with "reports": how many of the new events report it."""
    flt = EventFilter(**filter_values, stored_after=since, exclude_rejected=True)
    _, rows = select_events(con, flt, columns=["record", "cluster_id", "confidence"], limit=DIGEST_LIMIT * 5,
                            order="-date")
    stories: dict[str, list[tuple[dict, float]]] = {}
    for record, cluster_id, confidence in rows:
        event = json.loads(record)
        stories.setdefault(cluster_id or event["event_id"], []).append((event, confidence or 0.0))
    out = []
    for reports in list(stories.values())[:DIGEST_LIMIT]:
        best = max(reports, key=lambda rc: rc[1])[0]
        out.append({**best, "reports": len(reports)})
    return out


def _reports(record: dict) -> str:
    n = record.get("reports") or 1
    return f" ({n} reports / {n} تقارير)" if n > 1 else ""


def _event_line(record: dict) -> str:
    def side(part: dict | None) -> str:
        if not part:
            return "-"
        return f"{part.get('text') or ''} ({part.get('country') or part.get('group') or '?'})"
    place = (record.get("location") or {}).get("text") or ""
    return (f"- {record.get('date') or record.get('published')} {record['type']}: {side(record.get('actor'))} → "
            f"{side(record.get('recipient'))} {place}{_reports(record)}\n  {record['sentence']['text']}\n")


def digest_html(events: list[dict], label: str | None, base: str, unsubscribe_link: str) -> str:
    """The digest for mail readers that show HTML: right-to-left, the evidence sentence per event. Every
    value is escaped: article text is untrusted, in a mail as on a page."""
    def side(part: dict | None) -> str:
        if not part:
            return "-"
        return f"{escape(part.get('text') or '')} <code>{escape(part.get('country') or part.get('group') or '?')}</code>"

    items = "".join(
        f"<li><b dir=\"ltr\">{escape(e['type'])}</b> · {escape(str(e.get('date') or e.get('published') or ''))} · "
        f"{side(e.get('actor'))} ← {side(e.get('recipient'))}{escape(_reports(e))}"
        f"<br><q>{escape(e['sentence']['text'])}</q> "
        f"<a href=\"{escape(base)}/events/{quote(e['event_id'])}\">الحدث / event</a></li>" for e in events)
    return (f"<!doctype html><html lang=\"ar\" dir=\"rtl\"><body>"
            f"<p>{len(events)} أحداث جديدة تطابق «{escape(label or '')}» / {len(events)} new stories</p><ul>{items}</ul>"
            f"<p><a href=\"{escape(unsubscribe_link)}\">إلغاء الاشتراك / unsubscribe</a></p></body></html>")


def digest_message(sub: Subscription, events: list[dict], settings: MailSettings, secret: str) -> EmailMessage:
    if has_control_characters(sub.label or ""):  # stored by an older marsad, which did not check labels
        raise ValueError("its label holds control characters (such as a line break); unsubscribe and subscribe again")
    base = settings.base_url.rstrip("/")
    unsubscribe_link = f"{base}/watchlists/unsubscribe?token={make_token(secret, 'unsubscribe', sub.sub_id)}"
    message = EmailMessage()
    message["From"], message["To"] = settings.sender, sub.email
    message["Subject"] = f"marsad: {len(events)} new stories — {sub.label or 'watchlist'}"
    message["List-Unsubscribe"] = f"<{unsubscribe_link}>"
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    body = "".join(_event_line(e) + f"  {base}/events/{e['event_id']}\n" for e in events)
    message.set_content(f"{len(events)} new stories match \"{sub.label or ''}\":\n\n{body}\n"
                        f"Unsubscribe in one click / لإلغاء الاشتراك: {unsubscribe_link}\n")
    message.add_alternative(digest_html(events, sub.label, base, unsubscribe_link), subtype="html")
    return message


# refusals that concern one message only; any other SMTP or network error would meet every digest: stop the round
_ONE_MESSAGE = (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError, smtplib.SMTPNotSupportedError)


def send_digests(con: duckdb.DuckDBPyConnection, settings: MailSettings, secret: str,
                 now: datetime | None = None) -> dict[str, Any]:
    """Send every due digest; a subscription with no new events gets no mail. A subscription that fails
    (a bad stored label or filter, an address the server refuses) is skipped, left due for the next round
    and reported in `failed` (one line each); the others go on. Returns counts and those lines."""
    now = now or _now()
    sent = checked = 0
    failed: list[str] = []
    for sub in active_subscriptions(con):
        try:
            if not is_due(sub, now):
                continue
            checked += 1
            events = digest_events(con, json.loads(sub.filter_json), sub.since)
            if events:
                send(settings, digest_message(sub, events, settings, secret))
                sent += 1
        except OSError as exc:
            if not isinstance(exc, _ONE_MESSAGE):
                raise
            failed.append(f"watchlist {sub.sub_id} ({mask_email(sub.email)}): the mail server refused it: {exc}")
            continue
        except Exception as exc:  # noqa: BLE001 - whatever is wrong with one subscription costs only that one
            failed.append(f"watchlist {sub.sub_id} ({mask_email(sub.email)}): {type(exc).__name__}: {exc}")
            continue
        con.execute("UPDATE subscriptions SET last_sent_at = ? WHERE sub_id = ?", [now, sub.sub_id])
    return {"due": checked, "sent": sent, "failed": failed}
