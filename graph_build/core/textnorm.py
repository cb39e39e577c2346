"""Vietnamese text normalisation for search and matching.

Search must find "Lạng Sơn" for "lang son", and linking must see that
"KKT cửa khẩu Đồng Đăng - Lạng Sơn" and "Khu kinh tế cửa khẩu Đồng Đăng – Lạng
Sơn" name the same thing. Both rest on the same folding: NFC, lower case,
tone and vowel marks removed (đ → d), punctuation and dashes to spaces, and the
abbreviations plans use written out.

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
    """Remove Vietnamese tone and vowel marks; đ/Đ become d/D."""
    decomposed = unicodedata.normalize("NFD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", plain.replace("đ", "d").replace("Đ", "D"))


def fold(text: str) -> str:
    """Lower case, no marks, punctuation and dashes as single spaces."""
    text = strip_marks(unicodedata.normalize("NFC", text)).lower()
    text = re.sub(r"[^\w&]+", " ", text)
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
