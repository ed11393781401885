"""Commands of the web side: `marsad serve`, `marsad user add`, `marsad digest`."""

from __future__ import annotations

import os
import sys
from datetime import datetime
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:  # the web stack is imported by the web commands only, not by every marsad command
    from marsad.web.watchlists import MailSettings


def _mail_options(f):
    for option in reversed([
        click.option("--smtp-host", envvar="MARSAD_SMTP_HOST", help="SMTP server for confirmations and digests."),
        click.option("--smtp-port", envvar="MARSAD_SMTP_PORT", type=int, default=25, show_default=True),
        click.option("--smtp-user", envvar="MARSAD_SMTP_USER"),
        click.option("--smtp-password", envvar="MARSAD_SMTP_PASSWORD"),
        click.option("--smtp-starttls", is_flag=True, envvar="MARSAD_SMTP_STARTTLS"),
        click.option("--mail-from", envvar="MARSAD_MAIL_FROM", default="marsad@localhost", show_default=True),
        click.option("--base-url", envvar="MARSAD_BASE_URL", help="Public address of the web app, for links in mails "
                     "(default: http://HOST:PORT)."),
    ]):
        f = option(f)
    return f


def _mail(smtp_host, smtp_port, smtp_user, smtp_password, smtp_starttls, mail_from, base_url) -> MailSettings | None:
    from marsad.web.watchlists import MailSettings

    if not smtp_host:
        return None
    return MailSettings(host=smtp_host, port=smtp_port, sender=mail_from, base_url=base_url or "http://127.0.0.1:8000",
                        username=smtp_user, password=smtp_password, starttls=smtp_starttls)


@click.command()
@click.option("--db", default="marsad.duckdb", show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=8000, show_default=True)
@click.option("--private", is_flag=True, help="Reading needs a session or an API token too (default: public reads).")
@click.option("--tiles", envvar="MARSAD_TILES", help="Map tiles from a tile server, e.g. "
              "'https://tile.openstreetmap.org/{z}/{x}/{y}.png' (default: none; the bundled world layer works offline).")
@click.option("--secure-cookies/--no-secure-cookies", default=None,
              help="Mark cookies Secure (default: when the request came over https).")
@click.option("--trusted-proxy", "trusted_proxies", multiple=True, metavar="IP",
              help="A reverse proxy whose X-Forwarded-For and X-Forwarded-Proto are believed (repeatable). "
                   "Default: none; rate limits count by the connecting address.")
@click.option("--max-body", type=click.IntRange(1024), default=1 << 20, show_default=True,
              help="Largest request body in bytes; bigger ones are refused (413) before they are read.")
@_mail_options
def serve(db, host, port, private, tiles, secure_cookies, trusted_proxies, max_body, smtp_host, smtp_port, smtp_user,
          smtp_password, smtp_starttls, mail_from, base_url) -> None:
    """Serve the REST API (/api, /docs, /openapi.json) and the web app."""
    import ipaddress

    import uvicorn

    from marsad.web.app import create_app
    from marsad.web.context import WebSettings

    try:  # written as the server will see the peer (::1, not 0:0::1)
        trusted_proxies = tuple(str(ipaddress.ip_address(proxy)) for proxy in trusted_proxies)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--trusted-proxy") from None
    mail = _mail(smtp_host, smtp_port, smtp_user, smtp_password, smtp_starttls, mail_from, base_url or f"http://{host}:{port}")
    try:
        app = create_app(WebSettings(db_path=db, public_read=not private, mail=mail, secure_cookies=secure_cookies, tiles=tiles,
                                     trusted_proxies=trusted_proxies, max_body_bytes=max_body))
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--tiles") from None
    # proxy_headers=False: uvicorn would believe X-Forwarded-For from loopback; the app reads forwarded
    # headers itself, from --trusted-proxy peers only
    uvicorn.run(app, host=host, port=port, log_level="info", proxy_headers=False)


@click.group("user")
def user_group() -> None:
    """Web app accounts."""


@user_group.command("add")
@click.argument("username")
@click.option("--db", default="marsad.duckdb", show_default=True)
@click.option("--role", type=click.Choice(["viewer", "analyst", "admin"]), default="viewer", show_default=True)
@click.option("--email", help="Kept private: never shown on any page or in any API response.")
@click.option("--password-env", help="Read the password from this environment variable (default: ask).")
@click.option("--api-token", is_flag=True, help="Also create an API token (printed once).")
def user_add(username, db, role, email, password_env, api_token) -> None:
    """Create a user; the password is asked for (or read from --password-env) and stored as an argon2 hash."""
    from marsad.web.accounts import add_user
    from marsad.web.db import Database

    if password_env:
        password = os.environ.get(password_env)
        if not password:
            raise click.ClickException(f"environment variable {password_env} is empty")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    with Database(db).connect() as con:
        try:
            user, token = add_user(con, username, password, role, email, api_token)
        except ValueError as exc:
            raise click.ClickException(str(exc)) from None
    click.echo(f"user {user.username} ({user.role}) added")
    if token:
        click.echo(f"API token (shown once): {token}")


@click.command()
@click.option("--db", default="marsad.duckdb", show_default=True)
@click.option("--now", "now_text", help="Take this UTC time (YYYY-MM-DDTHH:MM) as now, e.g. to send a missed round.")
@_mail_options
def digest(db, now_text, smtp_host, smtp_port, smtp_user, smtp_password, smtp_starttls, mail_from, base_url) -> None:
    """Send the watchlist digests that are due (run it from cron, e.g. every 15 minutes)."""
    from marsad.sources.files import one_line
    from marsad.web.db import Database
    from marsad.web.watchlists import send_digests

    mail = _mail(smtp_host, smtp_port, smtp_user, smtp_password, smtp_starttls, mail_from, base_url)
    if mail is None:
        raise click.ClickException("--smtp-host (or MARSAD_SMTP_HOST) is needed")
    try:
        now = datetime.fromisoformat(now_text) if now_text else None
    except ValueError:
        raise click.BadParameter(f"{now_text!r} is not a time (YYYY-MM-DDTHH:MM)", param_hint="--now") from None
    database = Database(db)
    secret = database.secret()
    with database.connect() as con:
        try:
            counts = send_digests(con, mail, secret, now)
        except OSError as exc:
            raise click.ClickException(f"{smtp_host}:{smtp_port}: cannot send mail: {exc}") from None
    for line in counts["failed"]:
        click.echo(f"error: {one_line(line)}", err=True)
    failed = f", {len(counts['failed'])} failed" if counts["failed"] else ""
    click.echo(f"{counts['due']} watchlists due, {counts['sent']} digests sent{failed}", file=sys.stderr)
    sys.exit(1 if counts["failed"] else 0)
