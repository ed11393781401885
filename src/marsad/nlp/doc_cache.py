"""Per-Doc caches of what spaCy rebuilds on every access (token texts, the text)."""

from __future__ import annotations

from spacy.tokens import Doc


def token_texts(doc: Doc) -> list[str]:
    """Token texts, computed once per Doc (iterating a Doc builds a Token object per token)."""
    texts = doc.user_data.get("marsad_texts")
    if texts is None:
        texts = doc.user_data["marsad_texts"] = [t.text for t in doc]
    return texts


def doc_text(doc: Doc) -> str:
    """`doc.text`, computed once: spaCy rebuilds it from the tokens on every access."""
    text = doc.user_data.get("marsad_text")
    if text is None:
        text = doc.user_data["marsad_text"] = doc.text
    return text
