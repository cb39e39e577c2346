"""Vietnamese text normalisation for search and matching.

Search must find "Lạng Sơn" for "lang son", and linking must see that
"KKT cửa khẩu Đồng Đăng - Lạng Sơn" and "Khu kinh tế cửa khẩu Đồng Đăng – Lạng
Sơn" name the same thing. Both rest on one fold, ``fold_search_text``: lower
case, tone and vowel marks removed (đ → d), runs of white space as one space.
Search uses it as it is (the named search queries' parameters, and the views'
search box and the site's, whose JavaScript ``plankgFoldText`` in ``graph_build/core/assets/fold.js``
is the same function, step for step; ``tests/test_fold.py`` runs both on the
same strings). Linking goes on: punctuation and dashes to spaces (``fold``),
and the abbreviations plans use written out (``expand``).

>>> fold_search_text("  ĐỒNG ĐĂNG – LẠNG SƠN ")
'dong dang – lang son'
>>> fold("Lạng Sơn")
'lang son'
>>> fold("Khu KT cửa khẩu Đồng Đăng – Lạng Sơn")
'khu kt cua khau dong dang lang son'
>>> expand("KKT cửa khẩu Đồng Đăng - Lạng Sơn")
'khu kinh te cua khau dong dang lang son'
>>> expand("QL4A")
'quoc lo 4a'
"""

from __future__ import annotations

import re
import unicodedata

#: Abbreviations used in Vietnamese planning texts, folded, with their long form.
ABBREVIATIONS = {
    "kkt": "khu kinh te",
    "kcn": "khu cong nghiep",
    "ccn": "cum cong nghiep",
    "ql": "quoc lo",
    "dt": "duong tinh",
    "tp": "thanh pho",
    "tx": "thi xa",
    "tt": "thi tran",
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
    "kh&dt": "ke hoach va dau tu",
    "khdt": "ke hoach va dau tu",
    "kt-xh": "kinh te xa hoi",
    "ktxh": "kinh te xa hoi",
    "qd-ttg": "quyet dinh thu tuong",
    "td&mnpb": "trung du va mien nui phia bac",
    "tdmnpb": "trung du va mien nui phia bac",
    "ct": "cao toc",
    "ds": "duong sat",
}

_SPLIT_NUMBER = re.compile(r"^(ql|dt)(\d+[a-z]?)$")


def strip_marks(text: str) -> str:
    """Remove Vietnamese tone and vowel marks (every mark, general category M); đ/Đ become d/D; NFC."""
    decomposed = unicodedata.normalize("NFD", text)
    plain = "".join(c for c in decomposed if not unicodedata.category(c).startswith("M"))
    return unicodedata.normalize("NFC", plain.replace("đ", "d").replace("Đ", "D"))


def fold_search_text(text: str) -> str:
    """The search fold: lower case, then marks stripped (đ → d), then white space collapsed and trimmed.

    Lower case comes first so that a capital whose lower case carries a mark
    (``İ`` → ``i̇``) loses it too. "White space" is what ``str.split`` splits on;
    the views' JavaScript spells the same characters out.

    >>> fold_search_text("La\u0323ng  So\u031bn")  # decomposed (NFD) input
    'lang son'
    """
    return " ".join(strip_marks(unicodedata.normalize("NFC", text).lower()).split())


def fold(text: str) -> str:
    """``fold_search_text``, then punctuation and dashes as single spaces."""
    text = re.sub(r"[^\w&]+", " ", fold_search_text(text))
    return " ".join(text.split())


def expand(text: str) -> str:
    """``fold`` plus the abbreviations written out ("KKT" → "khu kinh te", "QL4A" → "quoc lo 4a")."""
    words = []
    for word in fold(text).split():
        match = _SPLIT_NUMBER.match(word)
        if match:
            words.extend([ABBREVIATIONS[match[1]], match[2]])
        else:
            words.append(ABBREVIATIONS.get(word, word))
    return " ".join(" ".join(words).split())


def tokens(text: str) -> frozenset[str]:
    """The set of expanded words: word order does not matter for matching."""
    return frozenset(expand(text).split())
