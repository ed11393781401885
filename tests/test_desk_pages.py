"""The analyst's desk over HTTP (issue 13): reviews that swap the actor and the recipient or clear a field and
show the corrected values, PLOVER words in the UI language, watchlists their owner can stop and delete, made
from the events page's filter, and no Python "None" anywhere on any page."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from types import SimpleNamespace
from urllib.parse import parse_qsl, urlsplit

import duckdb
import httpx
from test_web_api import api, login
from web_support import EMAILS, LiveServer, mail_settings

from marsad.web.context import WebSettings
from marsad.web.i18n import VOCABULARY
from marsad.web.watchlists import MailLimits

SUB_ID = re.compile(r'data-sub-id="([0-9a-f]+)"')


def items(site, **params) -> list[dict]:
    return api(site, "/api/events", limit=500, **params).json()["items"]


def in_lang(path: str, lang: str) -> str:
    """The path with ?lang= added to its query (httpx's params= would replace the query)."""
    return f"{path}{'&' if '?' in path else '?'}lang={lang}"


def headline(html: str) -> str:
    return re.search(r'<h1 class="headline">(.*?)</h1>', html, re.S).group(1)


def party_texts(html: str) -> list[tuple[str, str]]:
    """(role, text) of the participants in the order the HTML gives them."""
    return re.findall(r'<bdi class="party party-(actor|recipient)" dir="auto">(.*?)</bdi>', html)


class VisibleText(HTMLParser):
    """The text a reader sees: no markup, attributes, scripts or styles, and (with skip_code) no <code>."""

    def __init__(self, skip_code: bool = True):
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0
        self.skipped = ("script", "style", "code") if skip_code else ("script", "style")

    def handle_starttag(self, tag, attrs):
        if tag in self.skipped:
            self.hidden += 1

    def handle_endtag(self, tag):
        if tag in self.skipped and self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join("".join(parser.parts).split())


# ---- 3. review: swap, clear, and the corrected values on the page -----------------------------------------
def test_review_form_swaps_actor_and_recipient_and_clears_a_field(web_site):
    record = next(e for e in items(web_site) if (e["actor"] or {}).get("country") and (e["recipient"] or {}).get("sector")
                  and e["actor"]["text"] != e["recipient"]["text"])
    event_id, actor, recipient = record["event_id"], record["actor"], record["recipient"]
    ana, vic = login(web_site, "ana"), login(web_site, "vic")
    form = {"action": "correct", "swap": "1", "clear": "recipient_sector", "note": "المستقبل هو الفاعل"}
    assert vic.post(f"/events/{event_id}/review", data={**form, "csrf": vic.csrf}).status_code == 403  # viewers do not review
    assert ana.post(f"/events/{event_id}/review", data=form).status_code == 403  # no CSRF token
    for bad in ({"clear": "recipient_sector", "recipient_sector": "GOV"}, {"clear": "no_such_field"}, {"clear": "type"}):
        assert ana.post(f"/events/{event_id}/review", data={**form, **bad, "csrf": ana.csrf}).status_code == 422, bad
    assert ana.post(f"/events/{event_id}/review", data={**form, "csrf": ana.csrf}).status_code == 303

    after = api(web_site, f"/api/events/{event_id}").json()
    assert after["actor"] == {**actor} and after["recipient"] == {**recipient}  # the machine's record is untouched
    assert after["reviews"][-1]["changes"] == {"swap": True, "recipient_sector": None}
    reviewed = {e["event_id"]: e for e in items(web_site, view="reviewed")}[event_id]
    assert reviewed["actor"]["text"] == recipient["text"] and reviewed["recipient"]["text"] == actor["text"]
    assert reviewed["recipient"]["country"] == actor["country"] and reviewed["recipient"]["sector"] is None

    for lang in ("ar", "en"):
        html = ana.get(f"/events/{event_id}", params={"lang": lang}).text
        # the header and the field table show the corrected record: the machine's recipient acts now…
        assert party_texts(headline(html)) == [("actor", recipient["text"]), ("recipient", actor["text"])]
        fields = re.search(r'<table class="kv" id="fields">(.*?)</table>', html, re.S).group(1)
        actor_row = re.search(r'id="field-actor">(.*?)</td>', fields, re.S).group(1)
        assert party_texts(actor_row)[0] == ("actor", recipient["text"])
        # …and the machine's values stay visible as such
        assert f'<code>{recipient["sector"]}</code>' in re.search(r'id="field-recipient">(.*?)</td>', fields, re.S).group(1)
        machine_line = re.search(r'<p class="meta machine-line" id="machine-line">(.*?)</p>', html, re.S).group(1)
        assert party_texts(machine_line) == [("actor", actor["text"]), ("recipient", recipient["text"])]
        assert 'class="was"' in actor_row and f"<bdi>{actor['text']}</bdi>" in actor_row
        assert ("تبديل الفاعل والمفعول به" if lang == "ar" else "Swap actor and recipient") in visible_text(html)
        # the highlights follow the review: the machine's recipient's words are the actor's now
        assert re.search(r'class="[^"]*hl-actor[^"]*"[^>]*>' + re.escape(recipient["text"][:4]), html)


def test_a_correction_can_clear_a_whole_participant(web_site):
    record = next(e for e in items(web_site, type="ACCUSE") if e["recipient"] and (e["actor"] or {}).get("country"))
    ana = login(web_site, "ana")
    done = ana.post(f"/events/{record['event_id']}/review",
                    data={"action": "correct", "clear": ["recipient", "actor_sector"], "csrf": ana.csrf})
    assert done.status_code == 303
    reviewed = {e["event_id"]: e for e in items(web_site, view="reviewed")}[record["event_id"]]
    assert reviewed["recipient"] is None and reviewed["actor"]["sector"] is None and reviewed["actor"]["country"] == record["actor"]["country"]
    html = ana.get(f"/events/{record['event_id']}", params={"lang": "ar"}).text
    assert '<span class="party party-recipient missing">لا أحد</span>' in headline(html)
    assert api(web_site, f"/api/events/{record['event_id']}").json()["recipient"] == record["recipient"]


# ---- 4. the Arabic pages speak Arabic -----------------------------------------------------------------------
ENGLISH_WORDS = re.compile(r"(?<![\w-])(" + "|".join(sorted(
    {re.escape(w) for kind in ("type", "mode", "context") for pair in VOCABULARY[kind].values() for w in (pair[1],)}
    | {re.escape(code) for kind in ("mode", "context") for code in VOCABULARY[kind]} | {"day", "month", "year"},
    key=len, reverse=True)) + r")(?![\w-])", re.I)


def desk_pages(site, client: httpx.Client, lang: str) -> dict[str, str]:
    records = items(site)
    ids = [e["event_id"] for e in records if e["mode"] or e["contexts"] or e["future"]][:25]
    paths = ["/events", "/events?page=2", "/review", "/review?review=corrected", "/watchlists",
             "/watchlists?type=CONSULT&country=MAR&mode=visit&context=diplomatic", *(f"/events/{i}" for i in ids)]
    pages = {}
    for path in paths:
        response = client.get(in_lang(path, lang))
        assert response.status_code == 200, path
        pages[path] = response.text
    return pages


def test_arabic_pages_name_types_modes_and_contexts_in_arabic(web_site):
    ana = login(web_site, "ana")
    arabic = desk_pages(web_site, ana, "ar")
    for path, html in arabic.items():
        found = ENGLISH_WORDS.findall(visible_text(html))
        assert not found, (path, sorted(set(found)))
    everything = " ".join(visible_text(h) for h in arabic.values())
    assert all(name in everything for name in ("تشاور", "زيارة", "دبلوماسي", "استنكار", "(الدقة: يوم)"))
    assert re.search(r"عدد الأحداث: \d+", visible_text(arabic["/events"]))  # the number after its noun
    event_page = next(h for p, h in arabic.items() if p.startswith("/events/") and 'id="review-form"' in h)
    assert "دولة المكان" in event_page and "المكان الدولة" not in event_page and "جماعة الفاعل" in event_page

    english = " ".join(visible_text(h) for h in desk_pages(web_site, ana, "en").values())
    assert all(word in english for word in ("CONSULT", "visit", "diplomatic", "disapprove", "(precision: day)"))
    assert re.search(r"\d+ events", english)


def test_date_inputs_take_iso_dates_whatever_the_browser_locale(web_site):
    html = httpx.get(web_site.base_url + "/events", params={"lang": "ar"}).text
    for name in ("date_from", "date_to"):
        tag = re.search(rf'<input name="{name}"[^>]*>', html).group(0)
        assert 'type="date"' not in tag and 'placeholder="YYYY-MM-DD"' in tag and 'dir="ltr"' in tag
    assert 'type="date"' not in html


# ---- 6. watchlists ---------------------------------------------------------------------------------------
def subscribe(client: httpx.Client, email: str, **fields) -> httpx.Response:
    data = {"csrf": client.csrf, "email": email, "label": "رصد", "frequency": "daily", **fields}
    return client.post("/watchlists", data=data)


def own_ids(client: httpx.Client) -> list[str]:
    return SUB_ID.findall(client.get("/watchlists").text)


def test_watchlist_shows_its_filter_in_words_and_its_owner_stops_and_deletes_it(web_site):
    ana, vic = login(web_site, "ana"), login(web_site, "vic")
    before = set(own_ids(ana))
    assert subscribe(ana, "desk.owner@example.net", types=["ASSAULT", "COERCE"], country="SAU", mode="arrest").status_code == 303
    (sub_id,) = set(own_ids(ana)) - before
    page = ana.get("/watchlists", params={"lang": "ar"}).text
    row = re.search(rf'<tr data-sub-id="{sub_id}">(.*?)</tr>', page, re.S).group(1)
    summary = visible_text(row)
    assert "الأنواع: اعتداء، إكراه" in summary and "الصيغة: اعتقال" in summary and "ASSAULT" not in summary
    assert "<code>SAU</code>" in row and "=SAU=" not in row and "desk.owner@example.net" not in page
    english = ana.get("/watchlists", params={"lang": "en"}).text
    assert "Types: ASSAULT, COERCE" in visible_text(re.search(rf'<tr data-sub-id="{sub_id}">(.*?)</tr>', english, re.S).group(1))

    # another user sees neither the watchlist nor its address, and can neither stop nor delete it
    assert sub_id not in vic.get("/watchlists").text
    for action in ("unsubscribe", "delete"):
        assert vic.post(f"/watchlists/{sub_id}/{action}", data={"csrf": vic.csrf}).status_code == 404
        assert ana.post(f"/watchlists/{sub_id}/{action}", data={}).status_code == 403  # no CSRF token
    assert sub_id in own_ids(ana)

    assert ana.post(f"/watchlists/{sub_id}/unsubscribe", data={"csrf": ana.csrf}).status_code == 303
    row = re.search(rf'<tr data-sub-id="{sub_id}">(.*?)</tr>', ana.get("/watchlists", params={"lang": "ar"}).text, re.S).group(1)
    assert "ملغى" in row and "sub-unsubscribe" not in row
    assert ana.post(f"/watchlists/{sub_id}/delete", data={"csrf": ana.csrf}).status_code == 303
    assert sub_id not in own_ids(ana)
    con = duckdb.connect(str(web_site.db))
    try:
        owner, label, stopped = con.execute("SELECT user_id, label, unsubscribed_at FROM subscriptions WHERE sub_id = ?", [sub_id]).fetchone()
    finally:
        con.close()
    assert owner.startswith("deleted:") and label is None and stopped is not None


def test_deleting_watchlists_does_not_reset_the_mail_limits(web_site):
    """Deleting a watchlist must not let a user send more confirmation mails than the limits allow."""
    limits = MailLimits(per_address=1, per_user=100)
    with LiveServer(WebSettings(db_path=str(web_site.db), mail=mail_settings(web_site.smtp_port, web_site.base_url),
                                mail_limits=limits)) as base:
        root = login(SimpleNamespace(base_url=base), "root")
        assert subscribe(root, "limits@example.net", country="MAR").status_code == 303
        (sub_id,) = own_ids(root)[-1:]
        assert root.post(f"/watchlists/{sub_id}/delete", data={"csrf": root.csrf}).status_code == 303
        assert subscribe(root, "limits@example.net", country="MAR").status_code == 429


def test_watch_this_filter_prefills_the_watchlist_form(web_site):
    events = httpx.get(web_site.base_url + "/events", params=[("type", "ASSAULT"), ("type", "COERCE"), ("country", "SAU"),
                                                             ("date_from", "2015-01-01"), ("name", ""), ("mode", "arrest")]).text
    link = re.search(r'<a href="([^"]+)" id="watch-filter">', events).group(1).replace("&amp;", "&")
    parts = urlsplit(link)
    assert parts.path == "/watchlists"
    assert sorted(parse_qsl(parts.query)) == [("country", "SAU"), ("mode", "arrest"), ("type", "ASSAULT"), ("type", "COERCE")]
    # signed out: the sign-in page comes back to the same filter
    signed_out = httpx.get(web_site.base_url + link)
    assert signed_out.status_code == 303 and "next=/watchlists%3F" in signed_out.headers["location"]
    ana = login(web_site, "ana")
    form = ana.get(in_lang(link + "&date_from=2015-01-01", "ar")).text
    assert re.search(r'name="types" value="ASSAULT" checked', form) and re.search(r'name="types" value="COERCE" checked', form)
    assert not re.search(r'name="types" value="CONSULT" checked', form)
    assert re.search(r'<input name="country"[^>]*value="SAU"', form) and re.search(r'<option value="arrest" selected>اعتقال</option>', form)
    assert "لا تنطبق على قوائم المتابعة" in form and "2015-01-01" in form  # the date range is named, not kept


def test_watchlists_page_says_how_to_enable_mail(web_site):
    assert 'id="mail-off"' not in login(web_site, "ana").get("/watchlists").text
    with LiveServer(WebSettings(db_path=str(web_site.db))) as base:
        ana = login(SimpleNamespace(base_url=base), "ana")
        for lang in ("ar", "en"):
            page = ana.get("/watchlists", params={"lang": lang}).text
            note = re.search(r'<div class="box notice" id="mail-off" role="note">(.*?)</div>', page, re.S).group(1)
            assert "marsad serve --smtp-host" in note and "marsad digest" in note
            assert ("البريد غير مهيأ" if lang == "ar" else "Mail is not configured") in note
            assert re.search(r'<fieldset class="plain" disabled>', page)  # the form shows, greyed out
        assert subscribe(ana, "nomail@example.net", country="MAR").status_code == 503


# ---- 2. no "None" on any page (runs last: the reviews and watchlists above are on the pages) ---------------------
def test_no_page_shows_python_none_in_either_language(web_site):
    ana, root = login(web_site, "ana"), login(web_site, "root")
    assert subscribe(root, "none.check@example.net", name="لفتيت").status_code == 303
    ids = [e["event_id"] for e in items(web_site)]
    paths = ["/events", "/events?page=2", "/events?type=ASSAULT&sort=recipient", "/review", "/review?review=corrected",
             "/review?review=accepted", "/timeline", "/map", "/graph", "/graph?level=agency", "/watchlists", "/account",
             "/watchlists?type=COERCE&mode=arrest&date_from=2015-01-01", "/events/no-such-event", *(f"/events/{i}" for i in ids)]
    seen = []
    for lang in ("ar", "en"):
        for client, path in [(ana, p) for p in paths] + [(root, "/admin/users"), (root, "/watchlists"),
                                                        (httpx.Client(base_url=web_site.base_url), "/login"),
                                                        (httpx.Client(base_url=web_site.base_url), "/events")]:
            html = client.get(in_lang(path, lang)).text
            assert not re.search(r"\bNone\b", html), (lang, path, re.search(r".{80}\bNone\b.{40}", html, re.S))
            assert not re.search(r"<code>\s*</code>", html), (lang, path)  # no empty grey box
            assert "⏭" not in html, path
            seen.append(html)
    assert not any(email in html for email in EMAILS.values() for html in seen)
    # the future flag is a word with a tooltip in the UI language
    future = next(e for e in items(web_site) if e["future"])
    for lang, word, tip in (("ar", "مستقبلي", "لم يقع بعد"), ("en", "Future", "has not happened yet")):
        html = ana.get(f"/events/{future['event_id']}", params={"lang": lang}).text
        flag = re.search(r'<span class="flag flag-future" title="([^"]+)">([^<]+)</span>', headline(html))
        assert flag and tip in flag.group(1) and flag.group(2) == word
