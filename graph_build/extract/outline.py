"""Rules for the outline's content sections (Decree 37/2019): the general objective, the vision,
targets with their values, sector orientations, named spatial elements, economic zones, border
gates and industrial parks. Each proposal quotes the text it came from."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from graph_build.extract.match import indicator_in, places_in, rank_indicator_in, unit_patterns
from graph_build.extract.rules import (
    _LOWER,
    _UPPER,
    Extraction,
    Proposal,
    _capital,
    _sentence_spans,
    extract_text,
    sectors_in,
    slug,
)

Add = Callable[[Proposal, tuple[int, int]], "Proposal | None"]

#: A capitalised word, and a proper name of such words joined by spaces or dashes ("Đồng Đăng - Lạng Sơn").
_CAP = rf"[{_UPPER}][{_LOWER}{_UPPER}]*"
_PROPER = rf"{_CAP}(?:(?: [-–] | ){_CAP})*"
_PROPER_LIST = rf"{_PROPER}(?:(?:, | và ){_PROPER})*"

_OBJECTIVE = re.compile(
    r"(?P<lead>[Mm]ục tiêu (?:phát triển |tổng quát )?(?:đến năm (?P<year>\d{4})|tổng quát))\s*:\s*(?P<body>[^\n]+)"
)
_VISION = re.compile(r"(?<![\w])(?P<lead>Tầm nhìn đến năm (?P<year>\d{4}))\s*[,:]\s*(?P<body>[^\n]+)")
_YEAR_HEADING = re.compile(r"đến năm (\d{4})")
_OBJECTIVE_YEAR = re.compile(r"[Mm]ục tiêu[^\n:.]{0,40}?đến năm (\d{4})")
_ORIENTATION_SECTION = re.compile(r"[Pp]hương hướng phát triển (?:các )?ngành|PHƯƠNG HƯỚNG PHÁT TRIỂN (?:CÁC )?NGÀNH")
_HEADING = re.compile(r"^(?:[IVX]+\. |Tầm nhìn|Về (?:danh mục|phương án|tổ chức không gian))", re.MULTILINE)
_ORIENTATION_VERB = re.compile(
    r"(?:(?<=\n)|(?<=[.;] )|(?<=thông tin, )|(?<=cho biết, )|(?<=: )|(?<=tập trung )|(?<=ưu tiên ))"
    r"(?P<item>(?:Phát triển|phát triển|Xây dựng|xây dựng|Đẩy mạnh|đẩy mạnh|Tập trung phát triển|Ưu tiên phát triển)"
    r" (?P<subject>[^.;\n]+?) (?P<link>theo hướng|thành) (?P<rest>[^.;\n]+))"
)
_ORIENTATION_ITEM = re.compile(r"^\s*\d+\. (?P<sector>[^:\n]{3,60}): (?P<item>[^\n]+)$", re.MULTILINE)
_ECONOMIC_ZONE = re.compile(rf"(?P<kind>Khu kinh tế|KKT)(?P<gate> cửa khẩu)? (?P<name>{_PROPER})")
_ZONE_ROLE = re.compile(r"^ thành (?P<role>[^.;\n]+)")
_BORDER_GATE = re.compile(
    rf"(?<!kinh tế )(?<!KKT )(?:các )?[Cc]ửa khẩu(?P<role> quốc tế| chính| phụ| song phương)? (?P<names>{_PROPER_LIST})"
)
_PARK = re.compile(
    rf"(?P<kind>[Kk]hu công nghiệp|KCN|[Cc]ụm công nghiệp|CCN) (?P<names>{_PROPER_LIST})"
    r"(?: \((?:quy mô |diện tích )?(?:khoảng )?(?P<area>\d[\d.]*(?:,\d+)?) ha\))?"
)
_PARK_KIND = re.compile(r"^(?:[Kk]hu công nghiệp|KCN|[Cc]ụm công nghiệp|CCN) ")
_PARK_COUNT = re.compile(r"(?P<number>\d+) (?P<kind>khu công nghiệp|cụm công nghiệp)")
_ELEMENT = re.compile(
    rf"(?P<kind>[Tt]rục (?:phát triển|động lực|kinh tế)|[Hh]ành lang kinh tế) (?P<name>{_PROPER})(?![\w])"
)
_NAMED_ZONE = re.compile(rf"[Vv]ùng (?:kinh tế )?(?P<name>động lực|phía (?:Bắc|Nam|Đông|Tây)|{_CAP}(?: [-–] {_CAP})+)")

#: A rank among the leading provinces: "thuộc nhóm 5 tỉnh dẫn đầu vùng" (comparison among-top, rank 5).
_RANK = re.compile(
    r"(?:thuộc |nằm trong |vào |trong )?(?:nhóm|top) (?P<rank>\d+) (?:tỉnh|địa phương)(?:, thành phố)?"
    r" (?:dẫn đầu|đứng đầu|cao nhất)(?: (?:của |cả )?(?:vùng|nước|khu vực))?"
)
_SENTENCE_END = re.compile(r"[.!?](?=\s)")
_NUMBER = r"\d{1,3}(?:[.  ]\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_COMPARATORS = {
    "trên": "at-least",
    "ít nhất": "at-least",
    "tối thiểu": "at-least",
    "không dưới": "at-least",
    "khoảng": "approximately",
    "trên dưới": "approximately",
    "dưới": "at-most",
    "tối đa": "at-most",
    "không quá": "at-most",
}
_LABEL_TAIL = re.compile(
    r"(?:\s+(?:bình quân|hằng năm|hàng năm|đạt|đạt mức|ở mức|chiếm|là|duy trì|ổn định|khoảng|trên|giảm|tăng"
    r"|phấn đấu))+\s*$"
)
_CLAUSE_LEAD = re.compile(r"^(?:[-–•+]\s*|[a-zđ]\)\s*|Về [^:]{2,30}:\s*|trong đó,?\s*|và\s+|đồng thời\s+)+")


def number(text: str) -> Decimal:
    """A Vietnamese number: '.' or a space between thousands, ',' before the decimals."""
    return Decimal(re.sub(r"[.  ]", "", text).replace(",", "."))


def _value_pattern() -> re.Pattern[str]:
    units = "|".join(pattern for pattern, _ in unit_patterns())
    comparators = "|".join(sorted(map(re.escape, _COMPARATORS), key=len, reverse=True))
    return re.compile(
        rf"(?:(?P<cmp>{comparators})\s+)?(?:từ\s+)?(?P<first>{_NUMBER})"
        rf"(?:\s*(?:%\s*)?(?:-|–|đến)\s*(?P<second>{_NUMBER}))?\s*(?P<unit>{units})(?![\w])"
    )


def _clause_start(text: str, at: int) -> int:
    """Start of the clause that ends at ``at``: after the last ';', ':', sentence end or line break,
    or after the last comma that an indicator follows ("…, GRDP bình quân đầu người đạt …")."""
    floor = max(text.rfind("\n", 0, at), text.rfind(";", 0, at), text.rfind(":", 0, at)) + 1
    # Only the stretch after the floor is scanned: each value costs its clause, not the text before it.
    start = max((m.end() for m in _SENTENCE_END.finditer(text, floor, at)), default=floor)
    for comma in sorted((m.end() for m in re.finditer(r", ", text[start:at])), reverse=True):
        if indicator_in(text[start + comma : at]) is not None:
            start += comma
            break
    while start < at and text[start].isspace():
        start += 1
    return start


def _year(clause: str, context_year: int | None) -> int | None:
    years = re.findall(r"(?:đến |vào |trong )?năm (\d{4})|giai đoạn \d{4}\s*[-–]\s*(\d{4})", clause)
    for a, b in years:
        return int(a or b)
    return context_year


def _section_end(text: str, start: int) -> int:
    m = _HEADING.search(text, start + 1)
    return m.start() if m else len(text)


def extract(text: str, doc: str) -> Extraction:
    """Every rule: the decision, people and enumerations (``rules``), then the outline's content sections."""
    ex = extract_text(text, doc)
    ids = {p.id for p in ex.proposals}

    def add(p: Proposal, span: tuple[int, int]) -> Proposal | None:
        if p.id in ids:
            return None
        ids.add(p.id)
        ex.proposals.append(p)
        ex.used_spans.append(span)
        return p

    outline_proposals(text, ex.proposals, add, ex.unmatched)
    return ex


def outline_proposals(  # noqa: C901 - one pass per outline section
    text: str, proposals: list[Proposal], add: Add, unmatched: list[str]
) -> None:
    """Add the proposals of the outline's content sections through ``add`` (which refuses a taken id)."""
    plan = next((p for p in proposals if p.section == "plan"), None)
    territory = tuple(plan.fields.get("territory", ())) if plan else ()
    plan_end = plan.fields.get("period_end") if plan else None
    objective: Proposal | None = None

    m = _OBJECTIVE.search(text)
    if m:
        heading_year = _YEAR_HEADING.findall(text[max(0, m.start() - 200) : m.start()])
        year = int(m["year"] or (heading_year[-1] if heading_year else 0) or plan_end or 0) or None
        body = m["body"].strip()
        fields: dict[str, Any] = {"type": "GeneralObjective"}
        if year:
            fields["year"] = year
        fields["description"] = {"vi": body, "en": body}
        _tag(fields, body, territory)
        label = _capital(m["lead"]) if m["year"] else f"Mục tiêu tổng quát đến năm {year}"
        quote = text[m.start("lead") : m.start("body") + _opening(body, 120)]
        p = Proposal("objectives", f"objective-{year or 'general'}", label, quote, "objective-phrase", "high", fields)
        p.parts = _parts(body)
        if add(p, (m.start(), m.end())):
            objective = p

    m = _VISION.search(text)
    if m:
        body = m["body"].strip()
        fields = {"year": int(m["year"]), "description": {"vi": _capital(body), "en": _capital(body)}}
        _tag(fields, body, territory)
        quote = text[m.start() : m.start("body") + _opening(body, 60)]
        p = Proposal("visions", f"vision-{m['year']}", m["lead"], quote, "vision-phrase", "high", fields)
        p.parts = [s for s in (body[a:b].strip() for a, b in _sentence_spans(body)) if s]
        add(p, (m.start(), m.end()))

    targets = _targets(text, add, unmatched, plan_end)
    if objective is not None and targets:
        objective.fields["targets"] = targets

    _orientations(text, add, unmatched, territory)
    structure = next((p for p in proposals if p.section == "spatial_structures"), None)
    if structure is not None:
        _spatial_elements(text, structure, add, unmatched)
    _zones_gates_parks(text, add, plan)


def _opening(body: str, size: int) -> int:
    """Length of the opening of ``body`` a quote takes: its first sentence, or ``size`` characters
    cut back to a word's end, whichever is shorter."""
    sentence = _SENTENCE_END.search(body)
    if sentence and sentence.start() <= size:
        return sentence.start()
    if len(body) <= size:
        return len(body)
    cut = body.rfind(" ", 0, size)
    return cut if cut > 0 else size


def _tag(fields: dict[str, Any], body: str, territory) -> None:
    """The places and sectors a passage names, as the objective's and the vision's tags."""
    places = places_in(body, territory)
    if places:
        fields["names"] = places
    sectors = sectors_in(body)
    if sectors:
        fields["concerns_sector"] = sectors


def _parts(body: str) -> list[str]:
    """The parts of an objective: its clauses at ', là ' and '; ' (the outline's 'A, là B, là C')."""
    parts = [p.strip(" .") for p in re.split(r", là |; ", body)]
    return [p for p in parts if p]


#: Words of a sentence that states a target, not a result ("Năm 2024, GRDP tăng 7,2 %" is a result).
_TARGET_WORDS = re.compile(r"phấn đấu|mục tiêu|chỉ tiêu|đến năm|theo quy hoạch|dự kiến|định hướng", re.IGNORECASE)
_SECTION_HEADING = re.compile(r"^[IVX]+\. ", re.MULTILINE)


def _target_context(text: str, at: int, sections: list[int]) -> bool:
    """A value states a target when its sentence says so, or when it is in a numbered section of
    a decision about objectives or targets ("II. QUAN ĐIỂM, MỤC TIÊU …")."""
    begin = max(
        text.rfind("\n", 0, at), max((m.end() for m in _SENTENCE_END.finditer(text, max(0, at - 400), at)), default=0)
    )
    end_match = re.compile(r"[.!?](?=\s|$)|\n").search(text, at)
    sentence = text[begin : end_match.start() if end_match else len(text)]
    if _TARGET_WORDS.search(sentence):
        return True
    under = bisect.bisect_right(sections, at)
    if under:
        section = text[sections[under - 1] : at]
        return re.search(r"mục tiêu|chỉ tiêu", section, re.IGNORECASE) is not None
    return False


def _targets(text: str, add: Add, unmatched: list[str], plan_end: int | None) -> list[str]:  # noqa: C901
    """Values with a unit ("trên 8 %/năm") and ranks ("thuộc nhóm 5 tỉnh dẫn đầu"), each with the
    indicator the clause before it names, in the order of the text."""
    ids: list[str] = []
    seen: dict[str, int] = {}
    headings = [(h.start(), int(h.group(1))) for h in _OBJECTIVE_YEAR.finditer(text)]
    sections = [h.start() for h in _SECTION_HEADING.finditer(text)]
    found_values = [(m.start(), m) for m in _value_pattern().finditer(text)]
    found_values += [(m.start(), m) for m in _RANK.finditer(text)]
    for _, m in sorted(found_values, key=lambda pair: pair[0]):
        is_rank = m.re is _RANK
        # The year of the objective the value is under ("Mục tiêu … đến năm 2030"), unless the clause says another.
        under = bisect.bisect_left(headings, (m.start(), 0))
        context_year = headings[under - 1][1] if under else plan_end
        start = _clause_start(text, m.start())
        clause = text[start : m.start()]
        if re.search(r"(?:trục|hành lang|vùng|dự án)\s*$", clause) or not clause.strip():
            continue
        indicator = rank_indicator_in(clause) if is_rank else indicator_in(clause)
        if indicator and not _target_context(text, m.start(), sections):
            unmatched.append(
                f"value outside the objectives and targets (a result, not drafted): “{text[start : m.end()].strip()}”"
            )
            continue
        lead = _CLAUSE_LEAD.match(clause)
        label_text = clause[lead.end() :] if lead else clause
        label_text = _LABEL_TAIL.sub("", label_text.rstrip(" ,")).strip()
        value_text = m.group().strip()
        if not indicator:
            if is_rank or (m["unit"] not in ("ha", "km", "km²") and not re.search(r"\(\s*$|quy mô|diện tích", clause)):
                unmatched.append(f"indicator: “{label_text}” ({value_text}) is in no indicator of the vocabulary")
            continue
        fields: dict[str, Any] = {"indicator": indicator}
        if is_rank:
            fields["rank"] = int(m["rank"])
            fields["comparison"] = "among-top"
        elif m["second"]:
            fields["min"] = number(m["first"])
            fields["max"] = number(m["second"])
            fields["comparison"] = "between"
        else:
            fields["value"] = number(m["first"])
            fields["comparison"] = _COMPARATORS.get((m["cmp"] or "").lower(), "exactly")
        if not is_rank:
            fields["unit"] = next(concept for pattern, concept in unit_patterns() if re.fullmatch(pattern, m["unit"]))
        fields["value_text"] = {"vi": value_text, "en": value_text}
        year = _year(clause, context_year)
        if year:
            fields["year"] = year
        tid = f"target-{indicator}" + (f"-{year}" if year else "")
        seen[tid] = seen.get(tid, 0) + 1
        if seen[tid] > 1:  # the same indicator and year again (a later section restates it)
            tid = f"{tid}-{seen[tid]}"
        quote = text[start + (lead.end() if lead else 0) : m.end()]
        p = Proposal(
            "targets", tid, _capital(label_text), quote, "target-rank" if is_rank else "target-value", "high", fields
        )
        if add(p, (start, m.end())):
            ids.append(tid)
    return ids


def _orientations(text: str, add: Add, unmatched: list[str], territory: tuple[str, ...]) -> None:
    section = _ORIENTATION_SECTION.search(text)
    if not section:
        return
    end = _section_end(text, section.end())
    body_start = text.find(",", section.end(), end)
    items: list[tuple[str, str, int, int]] = []  # (label, orientation, start, end)
    for m in _ORIENTATION_ITEM.finditer(text, section.end(), end):
        items.append((m["sector"].strip(), m["item"].strip(), m.start("item"), m.end("item")))
    if not items:
        for m in _ORIENTATION_VERB.finditer(text, max(section.end(), body_start), end):
            if "mô hình" in m["item"]:
                continue
            verb_subject = m.group()[: m.start("link") - m.start()].strip()
            # "Xây dựng tỉnh X thành A giữa …" orients towards A; "Phát triển B thành …" / "… theo hướng …" is about B.
            building = m["link"] == "thành" and m["item"].lower().startswith("xây dựng")
            label = _capital(m["rest"].split(" giữa ")[0]) if building else verb_subject
            items.append((label, m["item"], m.start("item"), m.end("item")))
    for label, item, start, stop in items:
        sectors = sectors_in(label) or sectors_in(item)
        if not sectors:
            unmatched.append(f"sector orientation: “{label}” names no sector of the vocabulary")
            continue
        orientation = item.rstrip(".") + "."
        fields: dict[str, Any] = {"for_sector": sectors, "orientation": {"vi": orientation, "en": orientation}}
        places = places_in(item, territory)
        if places:
            fields["concerns_place"] = places
        add(
            Proposal(
                "sector_orientations",
                "orientation-" + slug(label, 40),
                _capital(label),
                text[start:stop].rstrip("."),
                "orientation-phrase",
                "high",
                fields,
            ),
            (start, stop),
        )


_ELEMENT_TYPES = {"trục": "DevelopmentAxis", "hành lang": "EconomicCorridor", "vùng": "SocioEconomicZone"}


def _spatial_elements(text: str, structure: Proposal, add: Add, unmatched: list[str]) -> None:
    """Axes, corridors and zones named in the paragraph of the spatial model, up to the stated counts
    (the build refuses more named than stated)."""
    at = text.find(structure.quote)
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    end = len(text) if end < 0 else end
    stated = {of: number for of, number, _ in structure.counts}
    named: dict[str, int] = {}
    found = [(m.start(), m.end(), m["kind"], m["name"]) for m in _ELEMENT.finditer(text, start, end)]
    found += [(m.start(), m.end(), "vùng", m["name"]) for m in _NAMED_ZONE.finditer(text, start, end)]
    elements = []
    for a, b, kind, name in sorted(found):
        type_ = next(t for word, t in _ELEMENT_TYPES.items() if kind.lower().startswith(word))
        if named.get(type_, 0) >= stated.get(type_, 0):
            unmatched.append(f"spatial element: “{text[a:b]}” is more than the {stated.get(type_, 0)} stated {type_}")
            continue
        named[type_] = named.get(type_, 0) + 1
        prefix = {"DevelopmentAxis": "axis", "EconomicCorridor": "corridor", "SocioEconomicZone": "zone"}[type_]
        p = Proposal(
            "spatial_elements",
            f"{prefix}-{slug(name, 40)}",
            _capital(text[a:b]),
            text[a:b],
            "spatial-element-name",
            "high",
            {"type": type_},
        )
        if add(p, (a, b)):
            elements.append(p.id)
    if elements:
        structure.fields["elements"] = elements


def _zones_gates_parks(text: str, add: Add, plan: Proposal | None) -> None:  # noqa: C901
    for m in _ECONOMIC_ZONE.finditer(text):
        label = f"{m['kind']}{m['gate'] or ''} {m['name']}"
        fields: dict[str, Any] = {}
        if m["gate"]:
            fields["type"] = "BorderGateEconomicZone"
        role = _ZONE_ROLE.match(text[m.end() :])
        if role:
            fields["role"] = {"vi": role["role"].strip(), "en": role["role"].strip()}
        add(
            Proposal("economic_zones", "kkt-" + slug(m["name"], 40), label, m.group(), "zone-name", "high", fields),
            m.span(),
        )
    for m in _BORDER_GATE.finditer(text):
        names = re.split(r", | và ", m["names"])
        for name in names:
            fields = {}
            if m["role"]:
                fields["role"] = {"vi": "Cửa khẩu" + m["role"], "en": "Cửa khẩu" + m["role"]}
            add(
                Proposal(
                    "border_gates", "gate-" + slug(name, 40), "Cửa khẩu " + name, m.group(), "gate-name", "high", fields
                ),
                m.span(),
            )
    for m in _PARK.finditer(text):
        cluster = m["kind"].lower() in ("cụm công nghiệp", "ccn")
        kind = "Cụm công nghiệp" if cluster else "Khu công nghiệp"
        # "KCN Bắc Lâm, KCN Tây Lâm": each item may repeat the kind before its name.
        names = [_PARK_KIND.sub("", name) for name in re.split(r", | và ", m["names"])]
        for name in names:
            fields = {"type": "IndustrialCluster"} if cluster else {}
            if m["area"] and len(names) == 1:
                fields["area_ha"] = number(m["area"])
            add(
                Proposal(
                    "industrial_parks",
                    ("ccn-" if cluster else "kcn-") + slug(name, 40),
                    f"{kind} {name}",
                    m.group(),
                    "park-name",
                    "high",
                    fields,
                ),
                m.span(),
            )
    if plan is not None:
        for m in _PARK_COUNT.finditer(text):
            of = "IndustrialCluster" if m["kind"] == "cụm công nghiệp" else "IndustrialPark"
            if not any(c[0] == of for c in plan.counts):
                plan.counts.append((of, int(m["number"]), m.group()))
