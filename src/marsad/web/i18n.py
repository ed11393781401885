"""The web app's words in Arabic (default, right-to-left) and English."""

from __future__ import annotations

LANGUAGES = ("ar", "en")

_STRINGS: dict[str, tuple[str, str]] = {
    # key: (Arabic, English)
    "app": ("مرصد", "marsad"),
    "tagline": ("أحداث الدبلوماسية الأمنية من الأخبار العربية", "Security-diplomacy events from Arabic news"),
    "events": ("الأحداث", "Events"), "timeline": ("الخط الزمني", "Timeline"), "map": ("الخريطة", "Map"),
    "graph": ("شبكة الفاعلين", "Actor network"), "review": ("المراجعة", "Review"),
    "watchlists": ("قوائم المتابعة", "Watchlists"), "login": ("تسجيل الدخول", "Sign in"),
    "logout": ("تسجيل الخروج", "Sign out"), "username": ("اسم المستخدم", "User name"),
    "password": ("كلمة المرور", "Password"), "language": ("English", "العربية"),
    "filter": ("تصفية", "Filter"), "reset": ("مسح", "Clear"), "type": ("النوع", "Type"), "mode": ("الصيغة", "Mode"),
    "actor": ("الفاعل", "Actor"), "recipient": ("المفعول به", "Recipient"), "place": ("المكان", "Place"),
    "date": ("التاريخ", "Date"), "published": ("تاريخ النشر", "Published"), "source": ("المصدر", "Source"),
    "confidence": ("الثقة", "Confidence"), "country": ("الدولة", "Country"), "name": ("الاسم", "Name"),
    "text": ("نص", "Text"), "from": ("من", "From"), "to": ("إلى", "To"), "any": ("الكل", "Any"),
    "actor_country": ("دولة الفاعل", "Actor state"), "recipient_country": ("دولة المفعول به", "Recipient state"),
    "total": ("المجموع", "Total"), "next": ("التالي", "Next"), "previous": ("السابق", "Previous"),
    "no_events": ("لا توجد أحداث مطابقة.", "No matching events."), "evidence": ("الدليل", "Evidence"),
    "sentence": ("الجملة", "Sentence"), "trigger": ("الفعل", "Trigger"), "article": ("المقال", "Article"),
    "cluster": ("تغطيات أخرى للحدث نفسه", "Other reports of the same event"),
    "fields": ("الحقول", "Fields"), "contexts": ("السياقات", "Contexts"), "cameo": ("رمز CAMEO", "CAMEO code"),
    "future": ("مستقبلي", "Future"), "negated": ("منفي", "Negated"), "yes": ("نعم", "yes"), "no": ("لا", "no"),
    "group": ("الجماعة/المنظمة", "Group"), "sector": ("القطاع", "Sector"),
    "accept": ("قبول", "Accept"), "correct": ("تصحيح", "Correct"), "reject": ("رفض", "Reject"),
    "note": ("ملاحظة", "Note"), "review_state": ("حالة المراجعة", "Review state"), "pending": ("بانتظار المراجعة", "pending"),
    "accepted": ("مقبول", "accepted"), "corrected": ("مصحح", "corrected"), "rejected": ("مرفوض", "rejected"),
    "history": ("سجل المراجعات", "Review history"), "machine": ("مخرجات الآلة", "Machine output"),
    "comments": ("التعليقات", "Comments"), "add_comment": ("أضف تعليقا", "Add a comment"), "send": ("إرسال", "Send"),
    "sign_in_to_comment": ("سجل الدخول للتعليق.", "Sign in to comment."),
    "queue": ("قائمة المراجعة", "Review queue"), "open": ("فتح", "Open"),
    "email": ("البريد الإلكتروني", "E-mail"), "label": ("الاسم", "Label"), "frequency": ("التواتر", "Frequency"),
    "hourly": ("كل ساعة", "hourly"), "daily": ("يوميا", "daily"), "weekly": ("أسبوعيا", "weekly"),
    "subscribe": ("اشترك", "Subscribe"), "status": ("الحالة", "Status"), "active": ("مفعل", "active"),
    "unconfirmed": ("بانتظار التأكيد", "waiting for confirmation"), "unsubscribed": ("ملغى", "unsubscribed"),
    "check_mail": ("أرسلنا رابط تأكيد إلى بريدك.", "We sent a confirmation link to your address."),
    "confirmed": ("تم تأكيد الاشتراك.", "Your watchlist is confirmed."),
    "unsubscribed_done": ("تم إلغاء الاشتراك.", "You are unsubscribed."),
    "bad_login": ("اسم المستخدم أو كلمة المرور غير صحيحة.", "Wrong user name or password."),
    "too_many": ("محاولات كثيرة، حاول لاحقا.", "Too many attempts; try again later."),
    "forbidden": ("غير مسموح.", "Not allowed."), "not_found": ("غير موجود.", "Not found."),
    "need_login": ("يجب تسجيل الدخول.", "You need to sign in."),
    "by_type": ("الوقائع حسب النوع عبر الزمن", "Stories by type over time"),
    "map_note": ("الدول ملونة بعدد الوقائع التي جرت فيها؛ الدوائر أماكن محددة مجمعة، وفيها عدد الوقائع.",
                 "Countries are shaded by the number of stories located in them; circles are geocoded places, grouped, with their stories."),
    "graph_note": ("الدول والجهات عقد، والأسهم من الفاعل إلى المفعول به، سماكتها بعدد الوقائع ولونها بنوع العلاقة.",
                   "States and groups are nodes; arrows go from actor to recipient, as thick as their stories, coloured by cooperation or conflict."),
    "export": ("تصدير", "Export"), "view": ("العرض", "View"), "reviewed": ("بعد المراجعة", "reviewed"),
    "both": ("كلاهما", "both"), "nothing_due": ("", ""), "error": ("خطأ", "Error"),
    "mail_off": ("البريد غير مهيأ على هذا الخادم.", "Mail is not configured on this server."),
    "events_count": ("عدد الأحداث", "events"), "reviewer": ("المراجع", "Reviewer"), "when": ("الوقت", "When"),
    "action": ("الإجراء", "Action"), "changes": ("التغييرات", "Changes"), "cluster_id": ("العنقود", "Cluster"),
    "map_points": ("أماكن محددة", "geocoded places"),
    "reports": ("التغطية", "Reported by"), "several_articles": ("عدة مقالات", "several articles"),
    "one_article": ("مقال واحد", "one article"),
    "account": ("حسابي", "My account"), "current_password": ("كلمة المرور الحالية", "Current password"),
    "new_password": ("كلمة المرور الجديدة", "New password"), "confirm_password": ("تأكيد كلمة المرور", "Confirm"),
    "change_password": ("تغيير كلمة المرور", "Change password"), "password_changed": ("تم تغيير كلمة المرور.", "Password changed."),
    "passwords_differ": ("كلمتا المرور غير متطابقتين.", "The two passwords differ."),
    "new_token": ("رمز جديد للواجهة البرمجية", "New API token"),
    "token_once": ("انسخ الرمز الآن، لن يظهر مرة أخرى:", "Copy it now; it is not shown again:"),
    "users": ("المستخدمون", "Users"), "role": ("الدور", "Role"), "since": ("منذ", "Since"),
    "api_token": ("رمز الواجهة", "API token"), "save": ("حفظ", "Save"),
    "viewer": ("مطلع", "viewer"), "analyst": ("محلل", "analyst"), "admin": ("مشرف", "admin"),
    "nodes": ("العقد", "Nodes"), "level_state": ("الدول والجهات", "states and groups"),
    "level_agency": ("الأجهزة (الدولة·القطاع)", "agencies (state·sector)"),
}


# ---- the analyst's desk (issue 13): PLOVER vocabulary and labels in the UI language ----------------------
_STRINGS.update({
    "none_party": ("لا أحد", "none"), "missing": ("—", "—"), "acts_on": ("من الفاعل إلى المفعول به", "from the actor to the recipient"),
    "actor_group": ("جماعة الفاعل", "Actor group"), "actor_sector": ("قطاع الفاعل", "Actor sector"),
    "recipient_group": ("جماعة المفعول به", "Recipient group"), "recipient_sector": ("قطاع المفعول به", "Recipient sector"),
    "location_name": ("اسم المكان", "Place name"), "location_country": ("دولة المكان", "Place country"),
    "either_country": ("الدولة (أي طرف)", "Country (either side)"), "precision": ("الدقة", "precision"),
    "future_title": ("حدث معلن أو مرتقب لم يقع بعد", "Announced or expected: it has not happened yet"),
    "negated_title": ("النص ينفي وقوع الحدث", "The text says this did not happen"),
    "more_filters": ("تصفية متقدمة", "More filters"), "date_format": ("التاريخ بصيغة YYYY-MM-DD", "A date as YYYY-MM-DD"),
    "events_total": ("عدد الأحداث:", "events"), "watch_filter": ("تابع هذه التصفية بالبريد", "Watch this filter"),
    "swap": ("تبديل الفاعل والمفعول به", "Swap actor and recipient"), "swapped": ("بعد التبديل", "swapped"),
    "clear": ("مسح", "clear"), "cleared": ("ممسوح", "cleared"), "clear_side": ("حذف الطرف كله", "remove entirely"),
    "correct_hint": ("اترك الحقل فارغا لإبقاء قيمته، أو اختر «مسح» لحذفها.",
                     "Leave a field empty to keep its value, or tick \u201cclear\u201d to remove it."),
    "machine_was": ("قيمة الآلة", "machine"), "actions": ("إجراءات", "Actions"),
    "unsubscribe": ("إلغاء الاشتراك", "Unsubscribe"), "delete": ("حذف", "Delete"),
    "deleted_done": ("حُذفت قائمة المتابعة.", "The watchlist is deleted."),
    "mail_how": ("لتفعيل البريد يشغّل المسؤول الخادم مع خادم بريد، ثم يرسل الملخصات دوريا (من cron):",
                 "To enable mail, the administrator starts the server with a mail server, then sends the digests "
                 "periodically (from cron):"),
    "not_watchable": ("لا تنطبق على قوائم المتابعة:", "Not used by watchlists:"),
    "min_confidence": ("الثقة الدنيا", "Minimum confidence"), "context": ("السياق", "Context"),
    "date_from": ("من تاريخ", "From"), "date_to": ("إلى تاريخ", "To"), "clustered": ("التغطية", "Reported by"),
    "types": ("الأنواع", "Types"),
})

# the 16 PLOVER types, their modes and contexts (knowledge/data/triggers.tsv, EVENTS.md) and date precisions
VOCABULARY: dict[str, dict[str, tuple[str, str]]] = {
    "type": {
        "AGREE": ("اتفاق", "AGREE"), "CONSULT": ("تشاور", "CONSULT"), "SUPPORT": ("دعم", "SUPPORT"),
        "CONCEDE": ("تنازل", "CONCEDE"), "COOPERATE": ("تعاون", "COOPERATE"), "AID": ("مساعدة", "AID"),
        "RETREAT": ("انسحاب", "RETREAT"), "REQUEST": ("طلب", "REQUEST"), "ACCUSE": ("اتهام", "ACCUSE"),
        "REJECT": ("رفض", "REJECT"), "THREATEN": ("تهديد", "THREATEN"), "PROTEST": ("احتجاج", "PROTEST"),
        "SANCTION": ("عقوبات", "SANCTION"), "MOBILIZE": ("تعبئة", "MOBILIZE"), "COERCE": ("إكراه", "COERCE"),
        "ASSAULT": ("اعتداء", "ASSAULT"),
    },
    "mode": {
        "visit": ("زيارة", "visit"), "phone": ("اتصال هاتفي", "phone"), "multilateral": ("اجتماع متعدد الأطراف", "multilateral"),
        "third-party": ("عبر طرف ثالث", "third-party"), "invite": ("دعوة", "invite"), "allege": ("ادعاء", "allege"),
        "disapprove": ("استنكار", "disapprove"), "arrest": ("اعتقال", "arrest"), "seize": ("مصادرة", "seize"),
        "deport": ("ترحيل", "deport"), "restrict": ("تقييد", "restrict"), "release": ("إفراج", "release"),
        "extradite": ("تسليم مطلوبين", "extradite"), "suicide-attack": ("هجوم انتحاري", "suicide attack"),
        "censor": ("رقابة", "censor"), "ceasefire": ("وقف إطلاق النار", "ceasefire"), "bombing": ("تفجير", "bombing"),
        "firearms": ("إطلاق نار", "firearms"), "aerial": ("غارة جوية", "aerial"), "beat": ("ضرب", "beat"),
    },
    "context": {
        "diplomatic": ("دبلوماسي", "diplomatic"), "terrorism": ("إرهاب", "terrorism"), "intelligence": ("استخبارات", "intelligence"),
        "military": ("عسكري", "military"), "crime": ("جريمة", "crime"), "legal": ("قضائي", "legal"),
        "economic": ("اقتصادي", "economic"), "human_security": ("الأمن الإنساني", "human security"),
        "political": ("سياسي", "political"), "cyber": ("سيبراني", "cyber"), "migration": ("هجرة", "migration"),
        "humanitarian": ("إنساني", "humanitarian"), "health": ("صحي", "health"), "human_rights": ("حقوق الإنسان", "human rights"),
        "border": ("حدودي", "border"), "maritime": ("بحري", "maritime"), "election": ("انتخابات", "election"),
        "religious": ("ديني", "religious"),
    },
    "precision": {"day": ("يوم", "day"), "month": ("شهر", "month"), "year": ("سنة", "year")},
}


def vocabulary_name(kind: str, code: str | None, lang: str) -> str | None:
    """A PLOVER type, mode, context or date precision in the UI language; None when the code is unknown."""
    pair = VOCABULARY.get(kind, {}).get(code or "")
    if pair is None:
        return None
    return pair[0] if lang == "ar" else pair[1]


def translate(key: str, lang: str) -> str:
    pair = _STRINGS.get(key)
    if pair is None:
        return key
    return pair[0] if lang == "ar" else pair[1]


# ---- the charts (timeline, map, network): words the scripts show, sent to them by templates/chart.html ------
_STRINGS.update({
    "stories": ("الوقائع", "Stories"), "chart_events": ("الأحداث (التغطيات)", "Events (reports)"),
    "grain": ("الفترة", "Period"), "grain_day": ("يوم", "day"), "grain_week": ("أسبوع", "week"),
    "grain_month": ("شهر", "month"), "grain_year": ("سنة", "year"),
    "colour_by": ("التلوين حسب", "Colour by"), "colour_type": ("نوع الحدث", "event type"),
    "colour_quad": ("التعاون والنزاع", "cooperation and conflict"),
    "quad_verbal_cooperation": ("تعاون لفظي", "verbal cooperation"), "quad_material_cooperation": ("تعاون مادي", "material cooperation"),
    "quad_verbal_conflict": ("نزاع لفظي", "verbal conflict"), "quad_material_conflict": ("نزاع مادي", "material conflict"),
    "click_for_events": ("انقر لعرض الأحداث", "Click for the events"), "legend": ("دليل الألوان", "Legend"),
    "events_of_period": ("أحداث هذه الفترة", "The events of this period"),
    "events_as_actor": ("أحداثه فاعلا", "Its events as actor"), "events_as_recipient": ("أحداثه مفعولا به", "Its events as recipient"),
    "events_either_side": ("كل أحداث الدولة (فاعلة أو مفعولا بها)", "All the state's events (either side)"),
    "events_of_link": ("أحداث هذه العلاقة", "The events of this link"),
    "dyad_over_time": ("التعاون والنزاع بينهما عبر الزمن", "Their cooperation and conflict over time"),
    "as_actor": ("فاعلا", "as actor"), "as_recipient": ("مفعولا به", "as recipient"),
    "node_state": ("دولة", "state"), "node_agency": ("جهاز دولة", "state agency"), "node_group": ("جماعة أو منظمة", "group or organisation"),
    "node_size": ("حجم العقدة: عدد وقائعها", "Node size: its stories"),
    "link_width": ("سماكة السهم: عدد الوقائع", "Arrow width: stories"),
    "arrow_direction": ("السهم من الفاعل إلى المفعول به", "Arrows point from actor to recipient"),
    "located_here": ("الوقائع التي جرت فيها", "Stories located here"), "places": ("الأماكن", "Places"),
    "events_at_place": ("أحداث هذا المكان", "The events at this place"),
    "events_involving": ("أحداث تكون الدولة طرفا فيها", "Events the state takes part in"),
    "fewer": ("أقل", "fewer"), "more": ("أكثر", "more"), "cluster_count": ("الرقم: عدد الوقائع", "Numbers: stories"),
    "period_filter": ("الفترة", "Period"), "whole_period": ("كل الفترة", "All dates"),
    "dyad": ("الثنائي", "Dyad"), "no_chart_data": ("لا توجد وقائع مطابقة.", "No matching stories."),
    "loading": ("جار التحميل…", "Loading…"), "load_failed": ("تعذر تحميل البيانات.", "The data could not be loaded."),
    **{f"plover_{code}": pair for code, pair in VOCABULARY["type"].items()},
})

# ---- place precision (as ACLED's geo-precision) and the map's time slider ------------------------------------
_STRINGS.update({
    "place_precision": ("دقة المكان", "Place precision"),
    "precision_exact": ("مكان محدد", "exact place"), "precision_region": ("منطقة أو محافظة", "region"),
    "precision_country": ("الدولة فقط", "country only"),
    "precision_exact_title": ("مدينة أو بلدة أو موقع، بإحداثياته", "A city, town or site, with its coordinates"),
    "precision_region_title": ("منطقة أو محافظة أو إقليم: الإحداثيات لمركزها", "A province or region: the coordinates are its centre"),
    "precision_country_title": ("لا يعرف إلا البلد الذي جرى فيه الحدث", "Only the country the event took place in is known"),
    "marker_exact": ("مكان محدد", "exact place"), "marker_region": ("منطقة أو محافظة", "region or province"),
    "country_only_note": ("الأحداث التي لا يعرف إلا بلدها تدخل في تلوين الدول، بلا دائرة",
                          "Events located only by their country count in the shading, without a circle"),
    "events_located_here": ("الأحداث التي جرت في هذه الدولة", "The events located in this country"),
    "time_slider": ("شريط الزمن", "Time slider"), "slider_start": ("بداية الفترة", "Start of the period"),
    "slider_end": ("نهاية الفترة", "End of the period"),
})


# ---- a page per actor (issue 13): web/actor_pages.py, templates/actor.html, static/charts/actor.js ----------
_STRINGS.update({
    "actor_page": ("صفحة الفاعل", "Actor page"), "node_name": ("شخص أو هيئة", "person or body"),
    "row_as_actor": ("فاعلا", "As actor"), "row_as_recipient": ("مفعولا به", "As recipient"),
    "either_side": ("في أي طرف", "Either side"), "articles": ("المقالات", "Articles"), "sources": ("المصادر", "Sources"),
    "first_event": ("أول حدث", "First event"), "last_event": ("آخر حدث", "Last event"),
    "stories_note": ("الواقعة حدث واحد في الواقع مهما تعددت تغطياته؛ الأعداد من مخرجات الآلة.",
                     "A story is one real-world event, however many reports; the counts are the machine's records."),
    "partners": ("الأطراف المقابلة", "Partners"),
    "partners_note": ("الطرف الآخر في أحداثه، دولة أو جماعة، مرتبا بعدد الوقائع.",
                      "The other party of its events, a state or a group, by stories."),
    "party": ("الطرف", "Party"), "it_acts": ("هو الفاعل", "It acts"), "they_act": ("هم الفاعلون", "They act"),
    "cooperation": ("تعاون", "Cooperation"), "conflict": ("نزاع", "Conflict"), "no_partners": ("لا توجد أطراف مقابلة.", "No other party."),
    "related_names": ("أشخاص وهيئات باسمه", "People and bodies acting for it"), "related_agencies": ("أجهزته", "Its agencies"),
    "related_codes": ("دولته أو جماعته", "Its state or group"), "no_related": ("لا أحد.", "No one."),
    "latest_events": ("آخر الأحداث", "Latest events"), "all_its_events": ("كل أحداثه", "All its events"),
    "its_state_events": ("أحداث دولته", "Its state's events"),
    "events_by_name": ("الأحداث بهذا الاسم (مع صيغه الأخرى)", "Events by this name (other spellings too)"),
    "in_events_table": ("في جدول الأحداث:", "In the events table:"), "over_time": ("وقائعه عبر الزمن", "Its stories over time"),
    "click_for_period": ("انقر لعرض أحداث هذه الفترة", "Click for the events of this period"),
    "reviewed_of": ("روجع", "Reviewed"), "of_total": ("من", "of"), "open_queue": ("افتح قائمة المراجعة", "Open the review queue"),
    "period_shown": ("الفترة", "Period"), "types_shown": ("الأنواع", "Types"),
})
