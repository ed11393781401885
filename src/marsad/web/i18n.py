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
    "by_type": ("الأحداث حسب النوع والشهر", "Events by type and month"),
    "map_note": ("الدول ملونة بعدد الأحداث الواقعة فيها؛ النقاط أماكن محددة.",
                 "Countries are shaded by the number of events located in them; dots are geocoded places."),
    "graph_note": ("الدول والجهات عقد، والروابط موزونة بعدد الأحداث بينها.",
                   "States and groups are nodes, links are weighted by the events between them."),
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


def translate(key: str, lang: str) -> str:
    pair = _STRINGS.get(key)
    if pair is None:
        return key
    return pair[0] if lang == "ar" else pair[1]
