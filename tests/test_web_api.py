"""The REST API over a real store and a real server on loopback: the contract, filters, reviews,
authentication, CSRF, privacy of e-mail addresses, private mode, rate-limited login, tokens."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import httpx
import pytest
from web_support import EMAILS, HOSTILE_ARTICLE, PASSWORD, LiveServer

from marsad.web.context import WebSettings

RECORD_KEYS = {"event_id", "doc_id", "url", "published", "type", "mode", "contexts", "cameo", "actor", "recipient",
               "location", "date", "date_precision", "date_text", "future", "negated", "trigger", "sentence", "confidence"}


def api(site, path: str, token: str | None = None, **params) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.get(site.base_url + path, params=params, headers=headers, timeout=30)


def stored_count(site, sql: str = "SELECT count(*) FROM events") -> int:
    con = duckdb.connect(str(site.db))
    try:
        return con.execute(sql).fetchone()[0]
    finally:
        con.close()


def login(site, username: str, password: str = PASSWORD) -> httpx.Client:
    """A browser-like client signed in through the login form (CSRF cookie and field included)."""
    client = httpx.Client(base_url=site.base_url, timeout=30, follow_redirects=False)
    page = client.get("/login")
    csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page.text).group(1)
    done = client.post("/login", data={"username": username, "password": password, "csrf": csrf, "next": "/events"})
    assert done.status_code == 303, done.text
    # the token changes at sign-in (it is bound to the session): read it from a page of the session
    page = client.get("/account")
    client.csrf = re.search(r'name="csrf-token" content="([0-9a-f]+)"', page.text).group(1)  # type: ignore[attr-defined]
    assert client.csrf != csrf  # type: ignore[attr-defined]
    return client


def event_ids(site, **params) -> list[str]:
    return [e["event_id"] for e in api(site, "/api/events", limit=500, **params).json()["items"]]


def test_events_contract_paging_and_sorting(web_site):
    body = api(web_site, "/api/events", limit=500).json()
    assert set(body) >= {"items", "total"} and body["total"] == stored_count(web_site) == len(body["items"]) >= 14  # two pages of 7
    assert all(RECORD_KEYS <= set(item) for item in body["items"])
    first, second = (api(web_site, "/api/events", limit=7, offset=o).json()["items"] for o in (0, 7))
    assert len(first) == len(second) == 7 and not {e["event_id"] for e in first} & {e["event_id"] for e in second}
    by_confidence = [e["confidence"] for e in api(web_site, "/api/events", limit=500, sort="-confidence").json()["items"]]
    assert by_confidence == sorted(by_confidence, reverse=True)
    assert api(web_site, "/api/events", sort="nonsense").status_code == 422
    assert api(web_site, "/api/events", limit=10_000).status_code == 422


def test_one_event_carries_its_evidence(web_site):
    for event_id in event_ids(web_site)[:10]:
        record = api(web_site, f"/api/events/{event_id}").json()
        text = record["evidence"]["article"]["text"]
        assert record["evidence"]["spans"], event_id
        for span in record["evidence"]["spans"]:
            assert text[span["start"]:span["end"]] == span["text"], (event_id, span)
        assert record["trigger"]["text"] in record["sentence"]["text"]
    assert api(web_site, "/api/events/no-such-event").status_code == 404


def test_filters_agree_with_the_command_line(web_site):
    for params, options in (({"type": "CONSULT"}, ["--type", "CONSULT"]), ({"country": "MAR"}, ["--country", "MAR"]),
                            ({"type": "CONSULT,AGREE", "date_from": "2025-01-01"}, ["--type", "CONSULT", "--type", "AGREE", "--from", "2025-01-01"]),
                            ({"name": "لفتيت"}, ["--name", "لفتيت"]), ({"text": "الإرهاب"}, ["--text", "الإرهاب"])):
        total = api(web_site, "/api/events", **params).json()["total"]
        cli = web_site.marsad("events", "--db", str(web_site.db), "--format", "jsonl", *options)
        assert total == len(cli.stdout.splitlines()) > 0, params
    marocco = api(web_site, "/api/events", country="MAR", limit=500).json()["items"]
    assert all("MAR" in ((e["actor"] or {}).get("country"), (e["recipient"] or {}).get("country")) for e in marocco)


def test_sql_metacharacters_in_every_filter_are_harmless(web_site):
    before = stored_count(web_site)
    nasty = ["'; DROP TABLE events; --", "%' OR '1'='1", "\\", "_%", '") OR 1=1 --', "MAR' --", "\u0000x"]
    params = ["mode", "context", "actor_country", "recipient_country", "country", "actor_group", "recipient_group", "name",
              "place", "source", "text", "date_from", "date_to", "min_confidence", "review", "type", "clustered"]
    client = httpx.Client(base_url=web_site.base_url, timeout=30)
    for param in params:
        for value in nasty:
            for path in ("/api/events", "/api/stats", "/api/actors", "/api/places", "/api/network", "/api/timeline", "/events"):
                response = client.get(path, params={param: value})
                assert response.status_code in (200, 422), (path, param, value, response.status_code)
                if path == "/api/events" and response.status_code == 200 and param not in ("min_confidence",):
                    assert response.json()["total"] == 0, (param, value)  # matched literally, so nothing matches
    assert stored_count(web_site) == before


def test_writes_need_a_user_and_a_csrf_token(web_site):
    event_id = event_ids(web_site, type="CONSULT")[0]
    url = f"{web_site.base_url}/api/events/{event_id}/review"
    assert httpx.post(url, json={"action": "accept"}).status_code == 401
    assert httpx.post(url, json={"action": "accept"}, headers={"Authorization": "Bearer wrong"}).status_code == 401
    client = login(web_site, "ana")
    assert client.post(f"/api/events/{event_id}/review", json={"action": "accept"}).status_code == 403  # session, no CSRF
    assert client.post(f"/api/events/{event_id}/review", json={"action": "accept"}, headers={"X-CSRF-Token": "0" * 64}).status_code == 403
    ok = client.post(f"/api/events/{event_id}/review", json={"action": "accept"}, headers={"X-CSRF-Token": client.csrf})
    assert ok.status_code == 201 and ok.json()["reviewer"] == "ana"
    # the HTML forms too: a comment without the form's CSRF field is refused, with it accepted
    assert client.post(f"/events/{event_id}/comments", data={"body": "no token"}).status_code == 403
    assert client.post(f"/events/{event_id}/comments", data={"body": "مع الرمز", "csrf": client.csrf}).status_code == 303
    assert [c["body"] for c in api(web_site, f"/api/events/{event_id}/comments").json()] == ["مع الرمز"]
    # another site's form cannot sign in either (login CSRF)
    assert httpx.post(web_site.base_url + "/login", data={"username": "ana", "password": PASSWORD}).status_code == 403


def test_reviews_keep_the_machine_output(web_site):
    ids = event_ids(web_site, type="CONSULT")
    corrected, rejected = ids[1], ids[2]
    machine = api(web_site, f"/api/events/{corrected}").json()
    viewer, analyst = web_site.tokens["vic"], web_site.tokens["ana"]
    review = f"{web_site.base_url}/api/events/{corrected}/review"
    assert httpx.post(review, json={"action": "accept"}, headers={"Authorization": f"Bearer {viewer}"}).status_code == 403
    bad = httpx.post(review, json={"action": "correct", "changes": {"actor_country": "morocco"}}, headers={"Authorization": f"Bearer {analyst}"})
    assert bad.status_code == 422
    done = httpx.post(review, json={"action": "correct", "changes": {"type": "AGREE", "recipient_country": "esp"}, "note": "زيارة مقررة"},
                      headers={"Authorization": f"Bearer {analyst}"})
    assert done.status_code == 201, done.text
    assert httpx.post(f"{web_site.base_url}/api/events/{rejected}/review", json={"action": "reject"},
                      headers={"Authorization": f"Bearer {analyst}"}).status_code == 201

    after = api(web_site, f"/api/events/{corrected}").json()
    assert after["type"] == machine["type"] == "CONSULT" and after["review_state"] == "correct"  # machine record untouched
    assert after["reviews"][-1]["changes"] == {"type": "AGREE", "recipient_country": "ESP"} and after["reviews"][-1]["reviewer"] == "ana"

    reviewed = {e["event_id"]: e for e in api(web_site, "/api/events", limit=500, view="reviewed").json()["items"]}
    assert reviewed[corrected]["type"] == "AGREE" and reviewed[corrected]["recipient"]["country"] == "ESP"
    assert reviewed[corrected]["cameo"] == "030" and rejected not in reviewed
    both = {e["event_id"]: e for e in api(web_site, "/api/events", limit=500, view="both").json()["items"]}
    assert both[corrected]["type"] == "CONSULT" and both[corrected]["reviewed"]["type"] == "AGREE"
    assert both[rejected]["review_state"] == "reject" and both[rejected]["reviewed"] is None
    assert api(web_site, "/api/events", view="reviewed").json()["total"] == stored_count(web_site) - 1

    machine_export = api(web_site, "/api/export.jsonl").text.splitlines()
    reviewed_export = [json.loads(line) for line in api(web_site, "/api/export.jsonl", view="reviewed").text.splitlines()]
    assert len(machine_export) == len(reviewed_export) + 1
    csv_text = api(web_site, "/api/export.csv", view="both").text
    assert csv_text.splitlines()[0].startswith("event_id,") and "reject" in csv_text
    assert {e["event_id"] for e in api(web_site, "/api/events", review="rejected").json()["items"]} == {rejected}
    # the command line exports the same views
    cli = web_site.marsad("events", "--db", str(web_site.db), "--format", "jsonl", "--view", "reviewed")
    cli_reviewed = {e["event_id"]: e for e in map(json.loads, cli.stdout.splitlines())}
    assert cli_reviewed.keys() == {e["event_id"] for e in reviewed_export} and cli_reviewed[corrected]["type"] == "AGREE"


def test_no_email_address_is_ever_shown(web_site):
    event_id = event_ids(web_site)[0]
    for name in ("vic", "root"):
        client = login(web_site, name)
        client.post(f"/events/{event_id}/comments", data={"body": f"تعليق من {name}", "csrf": client.csrf})
    ana = login(web_site, "ana")
    pages = [ana.get(path).text for path in ("/events", f"/events/{event_id}", "/review", "/watchlists", "/timeline", "/map", "/graph")]
    apis = [api(web_site, path).text for path in ("/api/events", f"/api/events/{event_id}", f"/api/events/{event_id}/comments",
                                                   f"/api/events/{event_id}/reviews", "/api/export.jsonl", "/api/export.csv", "/openapi.json")]
    everything = "\n".join(pages + apis)
    assert "تعليق من vic" in everything and "vic" in everything  # the author's user name is shown…
    for email in EMAILS.values():
        assert email not in everything  # …never an address


def test_private_mode_needs_a_session_or_token(web_site):
    with LiveServer(WebSettings(db_path=str(web_site.db), public_read=False)) as base:
        assert httpx.get(base + "/api/events").status_code == 401
        assert httpx.get(base + "/events").status_code == 401
        ok = httpx.get(base + "/api/events", headers={"Authorization": f"Bearer {web_site.tokens['vic']}"})
        assert ok.status_code == 200 and ok.json()["total"] > 0


def test_login_is_rate_limited(web_site):
    with LiveServer(WebSettings(db_path=str(web_site.db))) as base:  # its own limiter: the shared server stays usable
        client = httpx.Client(base_url=base, timeout=30)
        csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', client.get("/login").text).group(1)
        codes = [client.post("/login", data={"username": "ana", "password": f"wrong{i}", "csrf": csrf}).status_code for i in range(5)]
        assert codes == [401] * 5
        assert client.post("/login", data={"username": "ana", "password": PASSWORD, "csrf": csrf}).status_code == 429


def test_signed_tokens_refuse_tampering_and_age(monkeypatch):
    import time

    from marsad.web.watchlists import TokenError, make_token, read_token

    token = make_token("k" * 64, "confirm", "sub-1")
    assert read_token("k" * 64, "confirm", token, 3) == "sub-1"
    with pytest.raises(TokenError):
        read_token("k" * 64, "unsubscribe", token, 3)  # another purpose
    # a changed payload character (the signature's last base64 character may carry unused bits, so changing it
    # can leave the signature the same: that made this test flaky)
    tampered = ("A" if token[0] != "A" else "B") + token[1:]
    with pytest.raises(TokenError):
        read_token("k" * 64, "confirm", tampered, 3)
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 4 * 86400)
    with pytest.raises(TokenError, match="expired"):
        read_token("k" * 64, "confirm", token, 3)


def test_openapi_document_and_property_based_run(web_site, tmp_path):
    from openapi_spec_validator import validate

    spec = api(web_site, "/openapi.json").json()
    validate(spec)  # raises on an invalid document
    reference = api(web_site, "/docs").text  # the human reference, rendered by marsad from the same document
    assert all(f"<code>{path}</code>" in reference for path in spec["paths"])
    assert "cdn" not in reference.lower() and "<script" not in reference
    assert spec["openapi"].startswith("3.") and "/api/events" in spec["paths"] and "/api/events/{event_id}/review" in spec["paths"]
    done = subprocess.run([str(Path(sys.executable).parent / "st"), "run", web_site.base_url + "/openapi.json", "--checks", "not_a_server_error", "--max-examples", "8",
                           "--seed", "7", "--generation-database", "none", "--phases", "examples,fuzzing",
                           "-H", f"Authorization: Bearer {web_site.tokens['ana']}"],
                          capture_output=True, text=True, timeout=900, cwd=tmp_path)
    assert done.returncode == 0, done.stdout[-3000:]
    assert re.search(r"\d+ generated, \d+ passed", done.stdout), done.stdout[-1500:]
    assert HOSTILE_ARTICLE["doc_id"]  # the store the run hit holds the hostile article too


def test_admins_manage_roles(web_site):
    root, ana = login(web_site, "root"), login(web_site, "ana")
    assert ana.get("/admin/users").status_code == 403
    page = root.get("/admin/users")
    assert page.status_code == 200 and all(f'data-username="{n}"' in page.text for n in EMAILS)
    assert not any(email in page.text for email in EMAILS.values())
    event_id = event_ids(web_site, type="ASSAULT")[0]
    review = f"{web_site.base_url}/api/events/{event_id}/review"
    as_vic = {"Authorization": f"Bearer {web_site.tokens['vic']}"}
    assert httpx.post(review, json={"action": "accept"}, headers=as_vic).status_code == 403
    assert root.post("/admin/users/vic/role", data={"role": "analyst"}).status_code == 403  # no CSRF token
    assert ana.post("/admin/users/vic/role", data={"role": "analyst", "csrf": ana.csrf}).status_code == 403  # not an admin
    assert root.post("/admin/users/vic/role", data={"role": "analyst", "csrf": root.csrf}).status_code == 303
    assert httpx.post(review, json={"action": "accept"}, headers=as_vic).status_code == 201
    assert root.post("/admin/users/root/role", data={"role": "viewer", "csrf": root.csrf}).status_code == 422  # no self-demotion
    assert root.post("/admin/users/vic/role", data={"role": "viewer", "csrf": root.csrf}).status_code == 303
    assert httpx.post(review, json={"action": "accept"}, headers=as_vic).status_code == 403


def test_users_change_their_password_and_token(web_site):
    old_session = login(web_site, "vic")
    client = login(web_site, "vic")
    wrong = client.post("/account/password", data={"current_password": "nope", "new_password": "new password 1",
                                                  "confirm_password": "new password 1", "csrf": client.csrf})
    assert wrong.status_code == 403
    assert client.post("/account/password", data={"current_password": PASSWORD, "new_password": "new password 1",
                                                   "confirm_password": "new password 1"}).status_code == 403  # no CSRF
    done = client.post("/account/password", data={"current_password": PASSWORD, "new_password": "new password 1",
                                                  "confirm_password": "new password 1", "csrf": client.csrf})
    assert done.status_code == 303
    assert client.get("/account").status_code == 200  # the fresh session cookie works…
    assert old_session.get("/account").status_code == 303  # …and the other sessions are ended
    with pytest.raises(AssertionError):
        login(web_site, "vic")  # the old password no longer signs in
    client = login(web_site, "vic", "new password 1")
    page = client.post("/account/token", data={"csrf": client.csrf})
    token = re.search(r'<code id="api-token">([\w-]+)</code>', page.text).group(1)
    assert api(web_site, "/api/events", token=token).status_code == 200
    # a wrong bearer token is refused, not treated as anonymous, where a user is needed
    event_id = event_ids(web_site)[0]
    old = httpx.post(f"{web_site.base_url}/api/events/{event_id}/comments", json={"body": "x"},
                     headers={"Authorization": f"Bearer {web_site.tokens['vic']}"})
    assert old.status_code == 401  # the previous token was replaced
    web_site.tokens["vic"] = token
    assert client.post("/account/password", data={"current_password": "new password 1", "new_password": PASSWORD,
                                                   "confirm_password": PASSWORD, "csrf": client.csrf}).status_code == 303


def test_digest_mail_escapes_article_text(web_site, tmp_path):
    from datetime import UTC, datetime, timedelta

    from web_support import XSS_SCRIPT, body_text, link_in

    client = login(web_site, "root")
    before = len(web_site.mail.messages)
    assert client.post("/watchlists", data={"csrf": client.csrf, "email": "desk@example.net", "label": "لفتيت <b>",
                                            "name": "لفتيت", "frequency": "hourly"}).status_code == 303
    confirmation = web_site.mail.wait_for(before + 1)[-1]
    assert httpx.get(link_in(confirmation, "/watchlists/confirm")).status_code == 200
    hostile = dict(HOSTILE_ARTICLE, doc_id="xss-2", text=HOSTILE_ARTICLE["text"].replace("اليوم الأحد", "اليوم الاثنين"))
    path = tmp_path / "hostile2.jsonl"
    path.write_text(json.dumps(hostile, ensure_ascii=False) + "\n", encoding="utf-8")
    web_site.marsad("run", str(path), "--db", str(web_site.db), "--workers", "1")
    later = (datetime.now(UTC) + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    web_site.marsad("digest", "--db", str(web_site.db), "--now", later, "--smtp-host", "127.0.0.1",
                    "--smtp-port", str(web_site.smtp_port), "--base-url", web_site.base_url)
    digest = [m for m in web_site.mail.wait_for(before + 2) if m["To"] == "desk@example.net"][-1]
    html = digest.get_body(("html",)).get_content()
    assert 'dir="rtl"' in html and "&lt;script&gt;alert(&#x27;xss&#x27;)&lt;/script&gt;" in html
    assert XSS_SCRIPT not in html and "<img" not in html and "&lt;b&gt;" in html
    assert XSS_SCRIPT in body_text(digest)  # the plain-text part carries the sentence as it is


def test_the_api_swaps_parties_and_removes_a_part(web_site):
    ids = event_ids(web_site, type="CONSULT")
    target = next(i for i in ids[3:] if (e := api(web_site, f"/api/events/{i}").json())["actor"] and e["recipient"])
    machine = api(web_site, f"/api/events/{target}").json()
    analyst = web_site.tokens["ana"]
    review = f"{web_site.base_url}/api/events/{target}/review"
    done = httpx.post(review, json={"action": "correct", "changes": {"swap": True, "location": None}},
                      headers={"Authorization": f"Bearer {analyst}"})
    assert done.status_code == 201, done.text
    bad = httpx.post(review, json={"action": "correct", "changes": {"recipient": "ESP"}},
                     headers={"Authorization": f"Bearer {analyst}"})
    assert bad.status_code == 422  # a part can only be removed (null), not set
    reviewed = {e["event_id"]: e for e in api(web_site, "/api/events", limit=500, view="reviewed").json()["items"]}
    assert reviewed[target]["actor"]["text"] == machine["recipient"]["text"]
    assert reviewed[target]["recipient"]["text"] == machine["actor"]["text"] and reviewed[target]["location"] is None


def test_a_wrong_method_is_answered_405_with_every_allowed_method(web_site):
    """RFC 9110: a 405 names the methods the resource supports (GET and POST on one path come from two routes)."""
    for method, path, allowed in [("OPTIONS", "/api/events/x/comments", "GET, POST"), ("DELETE", "/api/stats", "GET"),
                                  ("PUT", "/events", "GET")]:
        r = httpx.request(method, web_site.base_url + path, timeout=30)
        assert r.status_code == 405 and r.headers["allow"] == allowed, (method, path, r.headers)


def test_confidences_are_probabilities(web_site):
    """A record's penalties (a defaulted actor, a nominal trigger) never take its confidence below 0."""
    assert stored_count(web_site, "SELECT count(*) FROM events WHERE confidence < 0 OR confidence > 1") == 0
    assert stored_count(web_site) > 0
