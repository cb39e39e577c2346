"""Generate the reference places of Viet Nam's provinces and communes from the official list.

    python scripts/reference_places.py            # rewrite the generated files
    python scripts/reference_places.py --check    # exit 1 if a committed file differs

Reads the 34 provincial units and 3 321 communes in force since 1 July 2025, with their
official codes, from the pinned ``vietnam-provinces`` package (the General Statistics
Office's list of administrative units; a test dependency, see pyproject.toml), the 63
provinces before the merger from scripts/reference_places/provinces-before-2025.tsv (codes
and names of ``vietnam-provinces`` 0.6.0, whose data is the GSO list of 2025-01-04; the
successor column is Resolution 202/2025/QH15 as the pages cited below report it), and the
hand-kept facts of scripts/reference_places/curated.yaml. Writes:

* reference/provinces-2025.yaml: the 34 units in force (bundled: every build loads them);
* reference/provinces-before-2025.yaml: the 52 units that ended on 30/06/2025, each with
  its successor (the 11 unchanged units are the same entities as in the 2025 file);
* reference/optional/communes-2025.yaml: the 3 321 communes, wards and special zones, opt-in
  with ``--reference reference/optional`` (docs/data-format.md says why).

Same input, same bytes: no time stamp, entries in code order.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent / "reference_places"
PINNED_VERSION = "2025.10.1"

#: ids that were in use before the places were generated, kept so that plans still resolve
ID_OVERRIDES = {"ha-noi": "hanoi"}
#: the 11 units the reorganisation left unchanged (Resolution 202/2025/QH15)
UNCHANGED = {"ha-noi", "hue", "lai-chau", "dien-bien", "son-la", "lang-son", "quang-ninh"}
UNCHANGED |= {"thanh-hoa", "nghe-an", "ha-tinh", "cao-bang"}

PACKAGE_URL = "https://github.com/sunshine-tech/VietnamProvinces"
SOURCES_2025 = [
    {
        "id": "vnprovinces",
        "url": PACKAGE_URL,
        "title": {
            "en": f"vietnam-provinces {PINNED_VERSION}: Viet Nam's administrative units from 1 July 2025 "
            "(names and codes of the General Statistics Office's list)"
        },
    },
    {
        "id": "ld1522769",
        "url": "https://news.laodong.vn/thoi-su/thoi-diem-ket-thuc-hoat-dong-bo-may-52-tinh-thanh-cu-1522769.ldo",
        "title": {
            "en": "Lao Động: Resolution 202/2025/QH15 signed; 34 provincial units, new governments from 1 July 2025"
        },
    },
]
SOURCES_BEFORE = [
    {
        "id": "vnprovinces060",
        "url": PACKAGE_URL,
        "title": {
            "en": "vietnam-provinces 0.6.0: the 63 provinces before the 2025 merger, with their codes "
            "(GSO list of 2025-01-04)"
        },
    },
    SOURCES_2025[1],
    {
        "id": "vns1720781",
        "url": "https://vietnamnews.vn/politics-laws/1720781/viet-nam-sets-two-tier-local-government-system.html",
        "title": {
            "en": "Việt Nam News: Việt Nam sets two-tier local government system (which provinces merged into which)"
        },
    },
    {
        "id": "vnn2415479",
        "url": "https://vietnamnet.vn/ten-goi-quy-mo-cua-96-xa-phuong-moi-cua-tay-ninh-sau-sap-xep-2415479.html",
        "title": {"en": "VietNamNet: from 1 July Long An and Tây Ninh form the new Tây Ninh province"},
    },
    {
        "id": "tracuuBP",
        "url": "https://tracuusapnhap.com/binh-phuoc",
        "title": {"en": "tracuusapnhap.com: Bình Phước merged into Đồng Nai"},
    },
]
#: which page reports a merger, by the new unit's id; medium where only a look-up site says it
SUCCESSOR_SOURCE = {"tay-ninh-2025": ("vnn2415479", "high"), "dong-nai-2025": ("tracuuBP", "medium")}


def slug(name: str) -> str:
    folded = unicodedata.normalize("NFD", name.replace("Đ", "D").replace("đ", "d"))
    ascii_name = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    return "-".join("".join(c if c.isalnum() else " " for c in ascii_name).split())


def short_name(name: str) -> tuple[str, str]:
    """The name without its level word, and the entity type the level gives."""
    for prefix, etype in (("Tỉnh ", "Province"), ("Thành phố ", "AdministrativeUnit")):
        if name.startswith(prefix):
            return name[len(prefix) :], etype
    return name, "Province"


def place_id(name: str) -> str:
    plain = slug(name)
    return ID_OVERRIDES.get(plain, plain)


def english(name: str, etype: str) -> str:
    return f"{name} {'Province' if etype == 'Province' else 'City'}"


def load_package():
    try:
        import vietnam_provinces
    except ImportError:
        sys.exit(f"install the pinned vietnam-provinces=={PINNED_VERSION} (pip install -e '.[test]')")
    if vietnam_provinces.__version__ != PINNED_VERSION:
        sys.exit(f"vietnam-provinces {vietnam_provinces.__version__} found, the files come from {PINNED_VERSION}")
    return json.loads(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH.read_text(encoding="utf-8"))


def load_curated() -> tuple[list[dict], dict[str, dict]]:
    doc = yaml.safe_load((HERE / "curated.yaml").read_text(encoding="utf-8"))
    return doc["sources"], {entry["id"]: entry for entry in doc["places"]}


def new_id(name: str) -> str:
    pid = place_id(name)
    return pid if pid in {ID_OVERRIDES.get(u, u) for u in UNCHANGED} else f"{pid}-2025"


def merged_sources(generated: list[dict], curated: dict | None) -> list[dict]:
    extra = (curated or {}).get("source", [])
    return [*generated, *(extra if isinstance(extra, list) else [extra])]


def province_entries(divisions, curated: dict[str, dict]) -> list[dict]:
    out = []
    for unit in sorted(divisions, key=lambda u: u["code"]):
        name, etype = short_name(unit["name"])
        pid = new_id(name)
        code = f"{unit['code']:02d}"
        entry: dict = {"id": pid, "type": etype, "label": {"vi": name, "en": english(name, etype)}}
        mine = curated.get(pid, {})
        for key in ("alt_label", "description"):
            if key in mine:
                entry[key] = mine[key]
        entry["part_of"] = mine.get("part_of", ["vietnam"])
        entry["official_code"] = code
        if "area_ha" in mine:
            entry["area_ha"] = mine["area_ha"]
        generated = [{"web": "vnprovinces", "confidence": "high", "note": f"{unit['name']}, code {code}"}]
        if pid.endswith("-2025"):
            entry["label"]["en"] += " (from 1 July 2025)"
            entry["valid_from"] = "01/07/2025"
            entry["decided_by"] = "resolution-202-2025"  # reference/merger-2025.yaml
            generated.append(
                {
                    "web": "ld1522769",
                    "confidence": "high",
                    "note": "one of the 23 units formed by Resolution 202/2025/QH15, in operation from 1 July 2025",
                }
            )
        else:
            generated.append(
                {"web": "ld1522769", "confidence": "high", "note": f"{name} is one of the 11 units not rearranged"}
            )
        entry["source"] = merged_sources(generated, mine)
        out.append(entry)
    return out


def before_entries(curated: dict[str, dict], new_by_code: dict[str, dict]) -> list[dict]:
    out = []
    for line in (HERE / "provinces-before-2025.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        code, full_name, successor_code = (line.split("\t") + [""])[:3]
        if not successor_code:
            continue  # unchanged: the same entity as in provinces-2025.yaml
        name, etype = short_name(full_name)
        pid = place_id(name)
        successor = new_by_code[successor_code]
        mine = curated.get(pid, {})
        reused = successor["label"]["vi"] == name  # the new unit took this name: tell them apart
        label = {"vi": f"{name} (trước 2025)" if reused else name, "en": english(name, etype)}
        if reused:
            label["en"] += " (before 2025)"
        entry: dict = {"id": pid, "type": etype, "label": label}
        alt = list(mine.get("alt_label", []))
        if reused:
            alt.insert(0, {"vi": name, "en": english(name, etype)})
        if alt:
            entry["alt_label"] = alt
        entry["part_of"] = mine.get("part_of", ["vietnam"])
        entry["official_code"] = code
        if "area_ha" in mine:
            entry["area_ha"] = mine["area_ha"]
        entry["valid_until"] = "30/06/2025"
        web, confidence = SUCCESSOR_SOURCE.get(successor["id"], ("vns1720781", "high"))
        entry["successor"] = mine.get("successor") or [
            {
                "ref": successor["id"],
                "source": {
                    "web": web,
                    "confidence": confidence,
                    "note": f"{name} became part of {successor['label']['vi']} on 1 July 2025",
                },
            }
        ]
        generated = [
            {"web": "vnprovinces060", "confidence": "high", "note": f"{full_name}, code {code}, before the merger"},
            {
                "web": "ld1522769",
                "confidence": "high",
                "note": "one of the 52 units rearranged into 23 by Resolution 202/2025/QH15",
            },
        ]
        entry["source"] = merged_sources(generated, mine)
        out.append(entry)
    return out


#: the level words of a commune's name in English (the name itself is not translated)
COMMUNE_LEVELS = {"xã": ("Xã ", "Commune"), "phường": ("Phường ", "Ward"), "đặc khu": ("Đặc khu ", "Special Zone")}


def commune_english(ward: dict) -> str:
    prefix, level = COMMUNE_LEVELS[ward["division_type"]]
    name = ward["name"][len(prefix) :] if ward["name"].startswith(prefix) else ward["name"]
    return f"{name} {level}"


def commune_entries(divisions, new_by_code: dict[str, dict]) -> list[dict]:
    out = []
    for unit in sorted(divisions, key=lambda u: u["code"]):
        province = new_by_code[f"{unit['code']:02d}"]
        for ward in sorted(unit["wards"], key=lambda w: w["code"]):
            code = f"{ward['code']:05d}"
            out.append(
                {
                    "id": f"commune-{code}",
                    "type": "Commune",
                    "label": {"vi": ward["name"], "en": commune_english(ward)},
                    "part_of": [province["id"]],
                    "official_code": code,
                    "valid_from": "01/07/2025",
                    "source": {"web": "vnprovinces", "confidence": "medium", "note": f"{ward['name']}, code {code}"},
                }
            )
    return out


def render(header: str, sources: list[dict], places: list[dict]) -> str:
    def dump(value) -> str:
        return yaml.safe_dump(value, allow_unicode=True, sort_keys=False, width=4096, default_flow_style=None)

    parts = [header, "format: plankg/1\nkind: reference\nid: reference\n\n", dump({"sources": sources}), "\nplaces:\n"]
    for entry in places:
        parts.append("  " + dump([entry]).replace("\n", "\n  ").rstrip() + "\n")
    return "".join(parts)


HEADER = """# GENERATED by scripts/reference_places.py from vietnam-provinces {version}: do not edit.
# {what}
# Hand-kept facts about these places are in scripts/reference_places/curated.yaml;
# change them there and run the script again (tests/test_reference_places.py checks).
"""


def generate() -> dict[Path, str]:
    divisions = load_package()
    curated_sources, curated = load_curated()
    provinces = province_entries(divisions, curated)
    new_by_code = {p["official_code"]: p for p in provinces}
    before = before_entries(curated, new_by_code)
    unknown = sorted(set(curated) - {p["id"] for p in [*provinces, *before]})
    if unknown:  # a misspelt id in curated.yaml would otherwise drop its facts without a word
        sys.exit(f"scripts/reference_places/curated.yaml: no generated place has the id(s) {', '.join(unknown)}")

    def used(places: list[dict]) -> list[dict]:
        text = json.dumps(places, ensure_ascii=False)
        return [s for s in curated_sources if f'"{s["id"]}"' in text]

    version = PINNED_VERSION
    return {
        ROOT / "reference" / "provinces-2025.yaml": render(
            HEADER.format(version=version, what="The 34 provincial units in force since 1 July 2025, official codes."),
            [*SOURCES_2025, *used(provinces)],
            provinces,
        ),
        ROOT / "reference" / "provinces-before-2025.yaml": render(
            HEADER.format(
                version=version,
                what="The 52 provinces and cities merged on 1 July 2025: codes before the merger, successors.",
            ),
            [*SOURCES_BEFORE, *used(before)],
            before,
        ),
        ROOT / "reference" / "optional" / "communes-2025.yaml": render(
            HEADER.format(
                version=version,
                what="The communes, wards and special zones in force since 1 July 2025 "
                "(opt-in: --reference reference/optional).",
            ),
            SOURCES_2025[:1],
            commune_entries(divisions, new_by_code),
        ),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if a committed file differs")
    args = parser.parse_args(argv)
    stale = []
    for path, text in generate().items():
        if args.check:
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                stale.append(path.relative_to(ROOT))
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    for path in stale:
        print(f"{path} differs from what scripts/reference_places.py generates: run it again", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
