"""Rules over the legal outline's phrasing: each finds entities with a quote cut from the text."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from graph_build.extract.match import provinces, sectors_in

#: Largest text ``extract`` reads (characters, after decoding): a provincial plan decision is
#: well under this, and at most 3 UTF-8 bytes a character its copy in sources/ stays under the
#: 5 MiB a source document may have (yamlread.MAX_FILE_BYTES).
MAX_EXTRACT_CHARS = 1_500_000


@dataclass
class Proposal:
    """One proposed entity: the YAML section, its fields, its quote and how it was found."""

    section: str
    id: str
    label: str
    quote: str
    rule: str
    confidence: str
    fields: dict[str, Any] = field(default_factory=dict)
    counts: list[tuple[str, int, str]] = field(default_factory=list)  # (of, number, quote)
    #: The parts of an objective or a vision, listed in the review report (the format has no place for them).
    parts: list[str] = field(default_factory=list)


@dataclass
class Extraction:
    text: str
    proposals: list[Proposal]
    used_spans: list[tuple[int, int]]
    unmatched: list[str]

    def unused_sentences(self) -> list[str]:
        out = []
        for start, end in _sentence_spans(self.text):
            if not any(s < end and e > start for s, e in self.used_spans):
                sentence = self.text[start:end].strip()
                if sentence and not _NUMBERING.fullmatch(sentence):
                    out.append(sentence)
        return out


#: A numbering token the sentence split leaves alone ("I.", "2.", "Điều 1."): not a sentence to review.
_NUMBERING = re.compile(r"(?:[IVXLC]+|\d+|[a-zđ]\)|Điều \d+)\.?")


def slug(text: str, limit: int = 40) -> str:
    folded = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    ascii_text = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    words = re.findall(r"[a-z0-9]+", ascii_text)
    out = ""
    for word in words:
        if len(out) + len(word) + 1 > limit:
            break
        out = f"{out}-{word}" if out else word
    return out or "x"


def _sentence_spans(text: str):
    start = 0
    for match in re.finditer(r"(?<=[.!?…])\s+|\n+", text):
        yield start, match.start()
        start = match.end()
    yield start, len(text)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


#: Upper-case letters of Vietnamese names (a range such as À-Ỹ would take lower-case letters too).
_UPPER = "A-Z" + "".join(c for c in map(chr, range(0xC0, 0x1EFA)) if c.isupper())
_LOWER = "a-z" + "".join(c for c in map(chr, range(0xC0, 0x1EFA)) if c.islower())
_NAME = rf"[{_UPPER}][{_LOWER}]+(?:\s+[{_UPPER}][{_LOWER}]+){{1,3}}"
_POSTS = (
    r"Phó Thủ tướng Chính phủ|Thủ tướng Chính phủ|Phó Thủ tướng|Thủ tướng|"
    r"Phó Chủ tịch Thường trực UBND tỉnh [{U}][\wÀ-ỹ]*(?: [{U}][\wÀ-ỹ]*)?|"
    r"Phó Chủ tịch UBND tỉnh [{U}][\wÀ-ỹ]*(?: [{U}][\wÀ-ỹ]*)?|"
    r"Chủ tịch UBND tỉnh [{U}][\wÀ-ỹ]*(?: [{U}][\wÀ-ỹ]*)?|"
    r"Bí thư Tỉnh ủy [{U}][\wÀ-ỹ]*(?: [{U}][\wÀ-ỹ]*)?|"
    r"Bộ trưởng Bộ [\wÀ-ỹ ]+?(?= [{U}])|"
    r"Giám đốc Sở [\wÀ-ỹ ]+?tỉnh [{U}][\wÀ-ỹ]*(?: [{U}][\wÀ-ỹ]*)?"
).replace("{U}", _UPPER)
_POST_PERSON = re.compile(rf"(?P<post>{_POSTS})\s+(?P<name>{_NAME})")
_PROVINCE = re.compile(rf"(?:Quy hoạch|quy hoạch) tỉnh (?P<name>[{_UPPER}][\wÀ-ỹ]*(?: [{_UPPER}][\wÀ-ỹ]*)*)")
_PLAN_NAME = re.compile(
    rf"Quy hoạch tỉnh [{_UPPER}][\wÀ-ỹ]*(?: [{_UPPER}][\wÀ-ỹ]*)* thời kỳ (?P<start>\d{{4}})\s*[-–]\s*(?P<end>\d{{4}}),"
    r" tầm nhìn đến năm (?P<vision>\d{4})"
)
_DECISION = re.compile(
    r"[Qq]uyết định(?: số)? (?P<number>\d+(?:/Q[ĐD]-TTg)?)"
    r"(?: ngày (?P<date>\d{1,2}/\d{1,2}/\d{4}|\d{1,2} tháng \d{1,2} năm \d{4}))?"
    r"(?P<tail>(?: của Thủ tướng Chính phủ)?(?: về việc)? phê duyệt Quy hoạch[^.;\n]*?tầm nhìn đến năm \d{4})?"
)
_ENUM = {
    "key_tasks": re.compile(r"(?:các )?nhiệm vụ trọng tâm(?: gồm| là)?:\s*(?P<body>[^\n]+?)(?:\.(?=\s|$)|\n|$)"),
    "breakthroughs": re.compile(
        r"(?P<count>\d+) (?:khâu|nhiệm vụ) đột phá(?: phát triển)?(?:, gồm| gồm| là)?:"
        r"\s*(?P<body>[^\n]+?)(?:\.(?=\s|$)|\n|$)"
    ),
}
_PROJECTS = re.compile(
    r"(?P<lead>(?:dự kiến )?ưu tiên (?:thực hiện|đầu tư) (?P<total>\d+) dự án), trong đó "
    r"(?P<body>[^\n]+?)(?:\.\.\.|\.(?=\s|$)|\n|$)"
)
_PROJECT_PART = re.compile(r"(?P<number>\d+) (?P<label>[Dd]ự án [^;,]+?)(?=;| và \d|\s*$)")
_SPATIAL = re.compile(
    r"(?P<model>(?P<axes>\d+) trục(?: phát triển)?[^,;.]*?, (?P<corridors>\d+) hành lang[^,;.]*?"
    r" và (?P<zones>\d+) vùng[^,;.]*?(?:kinh tế - xã hội|kinh tế)?)(?=[.;,]|\s*$)"
)
_EVENT = re.compile(
    r"(?P<planned>dự kiến )?(?P<label>Hội nghị [^.\n]*?) (?:sẽ )?(?:diễn ra|được tổ chức|tổ chức) (?:vào )?"
    r"ngày (?P<date>\d{1,2}/\d{1,2}/\d{4})"
)
_ORG = re.compile(rf"UBND tỉnh [{_UPPER}][\wÀ-ỹ]*(?: [{_UPPER}][\wÀ-ỹ]*)?|Ban tổ chức")


def _date(text: str) -> str:
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text) or re.fullmatch(
        r"(\d{1,2}) tháng (\d{1,2}) năm (\d{4})", text
    )
    if m is None:
        return text
    return f"{int(m.group(1)):02d}/{int(m.group(2)):02d}/{m.group(3)}"


_CLAUSE_TRIM = re.compile(r"^(?:và|đồng thời)\s+")


def _split_enumeration(body: str, body_start: int, stated: int | None) -> list[tuple[str, int]]:
    """Items of ``a; b; c`` with their offsets; when fewer than stated, the last item is split
    at a comma before a verb that opens another item (the announcement's '…, phát triển …')."""
    items: list[tuple[str, int]] = []
    pos = 0
    for part in body.split(";"):
        lead = len(part) - len(part.lstrip())
        text = part.strip().rstrip(".")
        trim = _CLAUSE_TRIM.match(text)
        if trim:
            lead += trim.end()
            text = text[trim.end() :]
        if text:
            items.append((text, body_start + pos + lead))
        pos += len(part) + 1
    if stated and len(items) < stated and items:
        openers = {item.split()[0].lower() for item, _ in items}
        text, offset = items.pop()
        pieces = re.split(r", (?=(?:" + "|".join(re.escape(o) for o in openers) + r") )", text, flags=re.IGNORECASE)
        local = 0
        for piece in pieces:
            at = text.index(piece, local)
            items.append((piece, offset + at))
            local = at + len(piece)
    return items


def extract_text(text: str, doc: str) -> Extraction:  # noqa: C901 - one pass per outline phrase
    proposals: list[Proposal] = []
    used: list[tuple[int, int]] = []
    unmatched: list[str] = []
    ids: set[str] = set()
    m: re.Match[str] | None
    fields: dict[str, Any]

    def add(p: Proposal, span: tuple[int, int]) -> Proposal | None:
        if p.id in ids:
            return None
        ids.add(p.id)
        proposals.append(p)
        used.append(span)
        return p

    plan = _PLAN_NAME.search(text)
    if plan:
        add(
            Proposal(
                "plan",
                "plan",
                plan.group(),
                plan.group(),
                "plan-name",
                "high",
                {
                    "period_start": int(plan["start"]),
                    "period_end": int(plan["end"]),
                    "vision_year": int(plan["vision"]),
                },
            ),
            plan.span(),
        )
    province = _PROVINCE.search(text)
    if plan and province:
        place = provinces().get(" ".join(province["name"].casefold().split()))
        if place:
            proposals[0].fields["territory"] = [place]
        else:
            unmatched.append(f"place: tỉnh {province['name']} is not a reference province (reference/provinces-*.yaml)")

    orgs: dict[str, str] = {}
    for m in _ORG.finditer(text):
        name = m.group()
        oid = "organising-committee" if name == "Ban tổ chức" else slug(name)
        if add(Proposal("organisations", oid, name, name, "organisation-name", "high"), m.span()):
            orgs[name] = oid
    if re.search(r"Thủ tướng Chính phủ", text):
        m = re.search(r"Chính phủ", text)
        assert m is not None
        add(Proposal("organisations", "government", "Chính phủ", m.group(), "organisation-name", "medium"), m.span())

    posts: dict[str, str] = {}
    people: dict[str, str] = {}
    for m in _POST_PERSON.finditer(text):
        post, name = m["post"], m["name"]
        pid = "post-" + slug(post)
        owner = (
            "government"
            if "Chính phủ" in post or "Thủ tướng" in post
            else next((oid for oname, oid in orgs.items() if oname in post), None)
        )
        fields = {"post_in": [owner]} if owner else {}
        add(
            Proposal("posts", pid, post, m["post"], "post-before-name", "high", fields),
            (m.start("post"), m.end("post")),
        )
        posts[post] = pid
        person = slug(name)
        if add(Proposal("people", person, name, m.group(), "post-before-name", "high", {"holds": [pid]}), m.span()):
            people[name] = person
    if "Thủ tướng Chính phủ" not in posts and re.search(r"của Thủ tướng Chính phủ", text):
        m = re.search(r"của Thủ tướng Chính phủ", text)
        assert m is not None
        add(
            Proposal(
                "posts",
                "post-thu-tuong-chinh-phu",
                "Thủ tướng Chính phủ",
                m.group(),
                "issuer-phrase",
                "high",
                {"post_in": ["government"]},
            ),
            m.span(),
        )
        posts["Thủ tướng Chính phủ"] = "post-thu-tuong-chinh-phu"

    for m in _DECISION.finditer(text):
        if not (m["date"] or m["tail"]):
            continue
        number = m["number"]
        fields = {"number": number}
        if m["date"]:
            fields["date"] = _date(m["date"])
        start = m.start()
        signer = re.search(rf"({_NAME})\s+(?:đã )?(?:vừa )?ký\s*$", text[max(0, start - 80) : start])
        if signer and signer.group(1) in people:
            fields["signed_by"] = people[signer.group(1)]
            post = next((p for p, pid in posts.items() if text.find(p + " " + signer.group(1)) >= 0), None)
            if post:
                fields["signer_post"] = posts[post]
            start = max(0, start - 80) + signer.start()
        if "Thủ tướng Chính phủ" in (m["tail"] or "") and "Thủ tướng Chính phủ" in posts:
            fields["issued_by"] = posts["Thủ tướng Chính phủ"]
        if m["tail"]:
            fields["approves"] = ["plan"]
        # The passive form of a summary: "Quy hoạch … được Thủ tướng Chính phủ phê duyệt tại Quyết định số …".
        passive = re.search(r"được (Thủ tướng Chính phủ )?phê duyệt (?:tại|theo) $", text[max(0, start - 80) : start])
        if passive and not m["tail"]:
            fields["approves"] = ["plan"]
            if passive.group(1) and "Thủ tướng Chính phủ" in posts:
                fields["issued_by"] = posts["Thủ tướng Chính phủ"]
            start = max(0, start - 80) + passive.start()
        quote = text[start : m.end()]
        label = "Quyết định " + number + (" " + m["tail"].strip() if m["tail"] else "")
        label = re.sub(r" của Thủ tướng Chính phủ", "", label)
        add(
            Proposal("decisions", "decision-" + slug(number, 20), label, quote, "decision-phrase", "high", fields),
            (start, m.end()),
        )

    for section, pattern in _ENUM.items():
        m = pattern.search(text)
        if not m:
            continue
        stated = int(m["count"]) if "count" in pattern.groupindex and m["count"] else None
        items = _split_enumeration(m["body"], m.start("body"), stated)
        prefix = "task" if section == "key_tasks" else "breakthrough"
        for n, (item, at) in enumerate(items, 1):
            fields = {"ordinal": n}
            sectors = sectors_in(item)
            if sectors:
                fields["concerns_sector"] = sectors
            add(
                Proposal(
                    section,
                    f"{prefix}-{n}-{slug(item, 30)}",
                    _capital(item),
                    item,
                    "enumeration",
                    "high",
                    fields,
                ),
                (at, at + len(item)),
            )
        if stated is not None:
            count_quote = re.search(r"\d+ (?:khâu|nhiệm vụ) đột phá", m.group())
            assert count_quote is not None
            plan_p = next((p for p in proposals if p.id == "plan"), None)
            if plan_p is not None:
                plan_p.counts.append(("Breakthrough", stated, count_quote.group()))
            if stated != len(items):
                unmatched.append(f"{section}: {stated} stated, {len(items)} found")

    m = _PROJECTS.search(text)
    if m:
        total = int(m["total"])
        parts = list(_PROJECT_PART.finditer(m["body"]))
        group = Proposal(
            "project_groups",
            f"projects-priority-{total}",
            "Danh mục dự án dự kiến ưu tiên thực hiện",
            m["lead"],
            "project-counts",
            "high",
        )
        group.counts.append(("Project", total, m["lead"]))
        add(group, m.span())
        subs = []
        for part in parts:
            label = _capital(part["label"].strip())
            pid = f"projects-{slug(label, 30)}-{part['number']}"
            sub = Proposal("project_groups", pid, label, part.group().strip(), "project-counts", "high")
            sub.counts.append(("Project", int(part["number"]), part.group().strip()))
            if add(sub, (m.start("body") + part.start(), m.start("body") + part.end())):
                subs.append(pid)
        group.fields["sub_groups"] = subs
        if sum(int(p["number"]) for p in parts) != total:
            unmatched.append(f"project counts: parts do not add up to {total}")

    m = _SPATIAL.search(text)
    if m:
        sp = Proposal(
            "spatial_structures",
            "spatial-structure-" + "-".join((m["axes"], m["corridors"], m["zones"])),
            m["model"],
            m["model"],
            "spatial-model",
            "high",
        )
        for kind, name in (
            ("DevelopmentAxis", "axes"),
            ("EconomicCorridor", "corridors"),
            ("SocioEconomicZone", "zones"),
        ):
            sp.counts.append((kind, int(m[name]), m["model"]))
        add(sp, m.span())

    for m in _EVENT.finditer(text):
        fields = {"date": _date(m["date"])}
        if m["planned"] or re.search(r"dự kiến[^.]*$", text[max(0, m.start() - 60) : m.start()]):
            fields["date_is_planned"] = True
        if "công bố" in m["label"] and plan:
            fields["announces"] = ["plan"]
        label = m["label"]
        add(
            Proposal(
                "events",
                "event-" + slug(label, 30) + "-" + m["date"][-4:],
                label,
                m.group(),
                "event-date",
                "high",
                fields,
            ),
            m.span(),
        )

    if province and not plan:
        unmatched.append(f"plan name of tỉnh {province['name']} not found in the outline's form")
    return Extraction(text, proposals, used, unmatched)
