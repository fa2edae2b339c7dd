"""What needs an answer: replies that ask a question, that mention money, safety or personal
data, or that many people liked. Pure word rules in English and Russian, no model.

A reply may have several reasons; the internal page lists those with a reason first, the
ones nobody from the team answered yet before the answered ones, the most liked first.
"""

from __future__ import annotations

import regex

POPULAR_LIKES = 10  # a reply this many people liked is listed even without another reason

_WORD = regex.compile(r"[\p{L}\p{N}]+")
QUESTION_WORDS = {
    # English: a reply that opens with one of these asks something even without "?"
    "what", "when", "why", "how", "where", "who", "which", "is", "are", "can", "could",
    "will", "would", "do", "does", "did", "should", "any", "anyone",
    # Russian
    "что", "когда", "почему", "как", "где", "кто", "зачем", "сколько", "какой", "какая",
    "какие", "можно", "будет", "будут", "ли", "чего", "куда", "откуда",
}
# Word beginnings (lowercase) per topic; a reply touching one is listed first.
TOPICS: dict[str, tuple[str, ...]] = {
    "money": ("refund", "charg", "money", "paid", "pay", "bank", "card", "invoice", "bill",
              "compensat", "fee", "price", "cost", "€", "$", "£", "₽",
              "деньг", "денег", "возврат", "верн", "списа", "оплат", "плат", "карт", "банк",
              "компенсац", "счёт", "счет", "рубл", "₽"),
    "safety": ("safe", "danger", "injur", "hurt", "fire", "poison", "allerg", "sick", "ill",
               "spoil", "expired", "recall", "emergenc",
               "безопас", "опасн", "травм", "пожар", "отрав", "аллерг", "испорч", "просроч",
               "заболе", "вред"),
    "data": ("data", "password", "leak", "hack", "breach", "privacy", "personal", "account",
             "email", "phone", "address", "gdpr",
             "данн", "парол", "утечк", "утек", "взлом", "персональн", "аккаунт", "почт",
             "телефон", "адрес", "приватн"),
}


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def is_question(text: str) -> bool:
    """A '?' anywhere, or a sentence that opens with a question word (English, Russian),
    or the Russian particle 'ли' anywhere."""
    if "?" in text or "¿" in text:
        return True
    tokens = words(text)
    if "ли" in tokens:
        return True
    sentences = regex.split(r"[.!\n]+", text)
    return any((first := words(s)[:1]) and first[0] in QUESTION_WORDS for s in sentences)


def topics(text: str) -> list[str]:
    """The topics a reply touches, in the order of TOPICS."""
    lowered = text.lower()
    tokens = words(text)
    found = []
    for topic, stems in TOPICS.items():
        if any(any(t.startswith(s) for t in tokens) if s[0].isalnum() else s in lowered
               for s in stems):
            found.append(topic)
    return found


def reasons(text: str, likes: int, popular: int = POPULAR_LIKES) -> list[str]:
    """Why a reply needs an answer: 'question', 'money', 'safety', 'data', 'popular'."""
    found = (["question"] if is_question(text) else []) + topics(text)
    if likes >= popular:
        found.append("popular")
    return found
