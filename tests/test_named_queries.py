"""Every named query's exact rows (golden answers) on the bundled Lạng Sơn graph and across two plans.

Expected rows are written out from plans/lang-son-2021-2030/plan.yaml (and the
mini plan of tests/data for the cross-plan queries); where a result is long
(entities without a quote) the expectation is computed from the YAML itself,
independently of the graph.
"""

from __future__ import annotations

import pytest
import yaml
from rdflib import Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from graph_build.core.namespace import PK
from graph_build.sparql import library as Q

from .query_support import BASE, LS, MINI, QUERY_FILES, ROOT, cols, copy_of

pytestmark = pytest.mark.usefixtures("default_graph_is_lang_son")


# ------------------------------------------------------------------------------------------
# Every query: its exact rows on the bundled Lạng Sơn graph, with default parameters
# ------------------------------------------------------------------------------------------
O2030 = f"{LS}/objective-2030"
DOC = f"{LS}/source/announcement-2024"
EXPECTED: dict[str, tuple[tuple[str, ...], list[tuple]]] = {
    "plans": (
        ("plan", "label", "period_start", "period_end", "vision_year"),
        [
            (LS, "Quy hoạch tỉnh Lạng Sơn thời kỳ 2021 - 2030, tầm nhìn đến năm 2050", "2021", "2030", "2050"),
        ],
    ),
    "plan-overview": (
        (
            "plan",
            "type",
            "period_start",
            "period_end",
            "vision_year",
            "decision",
            "decision_number",
            "decision_date",
            "signed_by",
        ),
        [
            (
                LS,
                "ProvincialPlan",
                "2021",
                "2030",
                "2050",
                f"{LS}/decision-236",
                "236/QĐ-TTg",
                "2024-03-19",
                "Trần Hồng Hà",
            ),
        ],
    ),
    "plan-decisions": (
        ("decision", "number", "date", "signed_by", "approves_plan"),
        [
            (f"{LS}/decision-748", "748/QĐ-TTg", "2020-06-03", None, "false"),
            (f"{LS}/decision-236", "236/QĐ-TTg", "2024-03-19", "Trần Hồng Hà", "true"),
            (f"{LS}/decision-1371", "1371/QĐ-TTg", "2024-11-13", "Trần Hồng Hà", "false"),
        ],
    ),
    "plan-vision": (("vision", "label", "year"), [(f"{LS}/vision-2050", "Tầm nhìn đến năm 2050", "2050")]),
    "objectives-and-targets": (
        ("objective", "target", "indicator", "min", "max", "value", "rank", "unit", "comparison"),
        [
            (
                O2030,
                f"{LS}/target-agriculture-growth",
                "agriculture-growth",
                "2.5",
                "3.5",
                None,
                None,
                "percent-per-year",
                "between",
            ),
            (
                O2030,
                f"{LS}/target-economic-scale-rank",
                "economic-scale-rank",
                None,
                None,
                None,
                "5",
                None,
                "among-top",
            ),
            (O2030, f"{LS}/target-grdp-growth", "grdp-growth", "8", "9", None, None, "percent-per-year", "between"),
            (
                O2030,
                f"{LS}/target-grdp-per-capita",
                "grdp-per-capita",
                None,
                None,
                "150",
                None,
                "million-vnd",
                "approximately",
            ),
            (
                O2030,
                f"{LS}/target-grdp-per-capita-rank",
                "grdp-per-capita-rank",
                None,
                None,
                None,
                "5",
                None,
                "among-top",
            ),
            (
                O2030,
                f"{LS}/target-industry-construction-growth",
                "industry-construction-growth",
                "12",
                "13",
                None,
                None,
                "percent-per-year",
                "between",
            ),
            (
                O2030,
                f"{LS}/target-no-poor-districts",
                "poor-district-count",
                None,
                None,
                "0",
                None,
                "count",
                "approximately",
            ),
            (
                O2030,
                f"{LS}/target-poverty-rate-reduction",
                "poverty-rate-reduction",
                "2",
                "3",
                None,
                None,
                "percentage-points-per-year",
                "between",
            ),
            (
                O2030,
                f"{LS}/target-product-tax-growth",
                "product-tax-growth",
                "8",
                "9",
                None,
                None,
                "percent-per-year",
                "between",
            ),
            (
                O2030,
                f"{LS}/target-services-growth",
                "services-growth",
                "8",
                "9",
                None,
                None,
                "percent-per-year",
                "between",
            ),
            (
                O2030,
                f"{LS}/target-share-agriculture",
                "share-agriculture",
                "12",
                "13",
                None,
                None,
                "percent",
                "between",
            ),
            (
                O2030,
                f"{LS}/target-share-industry-construction",
                "share-industry-construction",
                "32",
                "33",
                None,
                None,
                "percent",
                "between",
            ),
            (O2030, f"{LS}/target-share-services", "share-services", "50", "51", None, None, "percent", "between"),
            (
                O2030,
                f"{LS}/target-total-investment",
                "total-investment",
                None,
                None,
                "340",
                None,
                "thousand-billion-vnd",
                "approximately",
            ),
        ],
    ),
    "key-tasks": (
        ("ordinal", "task", "serves"),
        [
            (str(n), f"{LS}/{task}", O2030)
            for n, task in enumerate(
                [
                    "task-1-institutions",
                    "task-2-infrastructure",
                    "task-3-human-resources",
                    "task-4-tourism",
                    "task-5-innovation",
                    "task-6-agriculture",
                    "task-7-culture",
                    "task-8-defence-security",
                ],
                start=1,
            )
        ],
    ),
    "breakthroughs": (
        ("ordinal", "breakthrough", "serves", "projects"),
        [
            ("1", f"{LS}/breakthrough-1-digital-transformation", O2030, "0"),
            ("2", f"{LS}/breakthrough-2-infrastructure", O2030, "0"),
            ("3", f"{LS}/breakthrough-3-border-gate-economy", O2030, "0"),
            ("4", f"{LS}/breakthrough-4-industry", O2030, "0"),
        ],
    ),
    "concerns-sector": (
        ("plan", "entity", "type", "relation"),
        [
            (LS, f"{LS}/breakthrough-3-border-gate-economy", "Breakthrough", "concernsSector"),
            (LS, f"{LS}/task-4-tourism", "KeyTask", "concernsSector"),
            (LS, f"{LS}/lang-son-geopark", "Place", "concernsSector"),
            (LS, f"{LS}/mau-son-tourist-area", "Place", "concernsSector"),
            (LS, f"{LS}/relic-bac-son", "Place", "concernsSector"),
            (LS, f"{LS}/relic-chi-lang", "Place", "concernsSector"),
            (LS, f"{LS}/project-1371-geopark-tourism", "Project", "concernsSector"),
            (LS, f"{LS}/orientation-agriculture-forestry-fisheries", "SectorOrientation", "forSector"),
            (LS, f"{LS}/vision-2050", "Vision", "concernsSector"),
            (LS, f"{LS}/vision-2050-green-investment", "VisionPart", "concernsSector"),
        ],
    ),
    "concerns-place": (
        ("plan", "entity", "type", "label", "relation"),
        [
            (
                None,
                "ref/expressway-huu-nghi-chi-lang",
                "Infrastructure",
                "Cao tốc cửa khẩu Hữu Nghị - Chi Lăng",
                "locatedIn",
            ),
            (LS, f"{LS}/kcn-dong-banh", "IndustrialPark", "Khu công nghiệp Đồng Bành", "locatedIn"),
            (
                LS,
                f"{LS}/kkt-dong-dang-lang-son",
                "BorderGateEconomicZone",
                "Khu kinh tế cửa khẩu Đồng Đăng - Lạng Sơn",
                "locatedIn",
            ),
            (
                LS,
                f"{LS}/project-huu-nghi-chi-lang-expressway",
                "Project",
                "Dự án đường cao tốc cửa khẩu Hữu Nghị - Chi Lăng",
                "locatedIn",
            ),
        ],
    ),
    "projects-by-funding": (
        ("group", "funding", "stated", "named"),
        [
            (f"{LS}/projects-priority-173", None, "173", "0"),
            (f"{LS}/projects-investment-attraction-108", "investment-attraction", "108", "0"),
            (f"{LS}/projects-provincial-38", "provincial", "38", "0"),
            (f"{LS}/projects-central-27", "central", "27", "0"),
            (f"{LS}/projects-1371-public-investment", None, None, "5"),  # decision 1371's priorities: no count stated
        ],
    ),
    "partners": (
        ("partner", "label", "type"),
        [
            ("ref/asean", "Các nước ASEAN", "InternationalBloc"),
            ("ref/china", "Trung Quốc", "Country"),
            ("ref/europe", "Châu Âu", "Region"),
        ],
    ),
    "events": (
        ("date", "event", "date_is_planned", "organiser"),
        [
            # undated (planned, no date stated): the default shows every event
            (None, f"{LS}/planned-merger-cao-loc", "true", None),
            ("2024-04-15", f"{LS}/press-briefing", "false", "UBND tỉnh Lạng Sơn"),
            ("2024-04-21", f"{LS}/conference-2024", "true", "Ban tổ chức"),
            ("2024-04-21", f"{LS}/conference-2024", "true", "UBND tỉnh Lạng Sơn"),
        ],
    ),
    "people": (
        ("person", "name", "post", "organisation", "spoke_at"),
        [
            (
                f"{LS}/duong-xuan-huyen",
                "Dương Xuân Huyên",
                "Phó Chủ tịch Thường trực UBND tỉnh Lạng Sơn",
                "UBND tỉnh Lạng Sơn",
                "Họp báo về Hội nghị công bố Quy hoạch tỉnh Lạng Sơn thời kỳ 2021 – 2030, tầm nhìn "
                "đến năm 2050 và chương trình xúc tiến đầu tư năm 2024 của tỉnh Lạng Sơn",
            ),
            (f"{LS}/ho-tien-thieu", "Hồ Tiến Thiệu", "Chủ tịch UBND tỉnh Lạng Sơn", "UBND tỉnh Lạng Sơn", None),
            (
                f"{LS}/nguyen-chi-dung",
                "Nguyễn Chí Dũng",
                "Bộ trưởng Bộ Kế hoạch và Đầu tư",
                "Bộ Kế hoạch và Đầu tư",
                None,
            ),
            (f"{LS}/nguyen-quoc-doan", "Nguyễn Quốc Đoàn", "Bí thư Tỉnh ủy Lạng Sơn", "Tỉnh ủy Lạng Sơn", None),
            (f"{LS}/pham-minh-chinh", "Phạm Minh Chính", "Thủ tướng Chính phủ", "Chính phủ", None),
            (f"{LS}/tran-hong-ha", "Trần Hồng Hà", "Phó Thủ tướng Chính phủ", "Chính phủ", None),
            (
                f"{LS}/vu-hoang-quy",
                "Vũ Hoàng Quý",
                "Giám đốc Sở Kế hoạch và Đầu tư tỉnh Lạng Sơn",
                "Sở Kế hoạch và Đầu tư tỉnh Lạng Sơn",
                "Họp báo về Hội nghị công bố Quy hoạch tỉnh Lạng Sơn thời kỳ 2021 – "
                "2030, tầm nhìn đến năm 2050 và chương trình xúc tiến đầu tư năm 2024 của tỉnh Lạng Sơn",
            ),
        ],
    ),
    "entity-sources": (
        ("aspect", "object", "quote", "note", "document", "quote_checked", "confidence"),
        [
            (
                "entity",
                None,
                "phát triển công nghiệp theo hướng nâng cao chất lượng, sức cạnh tranh, xanh, an toàn và hiện đại",
                None,
                DOC,
                "true",
                None,
            ),
            # "serves the 2030 objective" is inferred by reading order (issue 14): no quote states it
        ],
    ),
    "instances-of-class": (
        ("plan", "entity"),
        [
            (LS, f"{LS}/breakthrough-1-digital-transformation"),
            (LS, f"{LS}/breakthrough-2-infrastructure"),
            (LS, f"{LS}/breakthrough-3-border-gate-economy"),
            (LS, f"{LS}/breakthrough-4-industry"),
        ],
    ),
    "infrastructure": (
        ("infrastructure", "label", "length_km", "places", "projects"),
        [
            ("ref/railway-ha-noi-dong-dang", "Đường sắt Hà Nội - Đồng Đăng", "156", "5", "1"),
            ("ref/expressway-dong-dang-tra-linh", "Cao tốc Đồng Đăng - Trà Lĩnh", "121", "2", "1"),
            ("ref/expressway-bac-giang-lang-son", "Cao tốc Bắc Giang - Lạng Sơn", "64", "2", "1"),
            ("ref/expressway-huu-nghi-chi-lang", "Cao tốc cửa khẩu Hữu Nghị - Chi Lăng", "59.87", "4", "2"),
            ("ref/ql-1a", "Quốc lộ 1A", None, "1", "0"),  # length unknown: listed while min_length_km is 0
        ],
    ),
    "gaps-stated-counts": (
        ("plan", "owner", "counted", "stated", "named", "missing"),
        [
            (LS, f"{LS}/projects-priority-173", "Project", "173", "0", "173"),
            (LS, f"{LS}/projects-investment-attraction-108", "Project", "108", "0", "108"),
            (LS, f"{LS}/projects-provincial-38", "Project", "38", "0", "38"),
            (LS, f"{LS}/projects-central-27", "Project", "27", "0", "27"),
            (LS, LS, "IndustrialPark", "7", "2", "5"),
        ],
    ),
    "gaps-tasks-without-sector": (("plan", "entity"), []),
    # No named project says which breakthrough it carries.
    "gaps-projects-without-breakthrough": (
        ("plan", "project"),
        [
            (LS, f"{LS}/{p}")
            for p in (
                "project-1371-border-gate-zones",
                "project-1371-expressway-connectors",
                "project-1371-geopark-tourism",
                "project-1371-regional-roads",
                "project-1371-relics-culture",
                "project-dong-dang-tra-linh-expressway",
                "project-ha-noi-lang-son-railway",
                "project-huu-nghi-chi-lang-expressway",
                "project-viettel-logistics-park",
            )
        ],
    ),
    "search-labels": (
        ("plan", "entity", "matched", "language"),
        [
            (None, "ref/expressway-huu-nghi-chi-lang", "Hữu Nghị Border Gate – Chi Lăng Expressway", "en"),
            (None, "ref/expressway-huu-nghi-chi-lang", "Cao tốc cửa khẩu Hữu Nghị - Chi Lăng", "vi"),
            (LS, f"{LS}/gate-huu-nghi", "Hữu Nghị border gate", "en"),
            (LS, f"{LS}/gate-huu-nghi", "Cửa khẩu Hữu Nghị", "vi"),
            (
                LS,
                f"{LS}/project-1371-expressway-connectors",
                "New or upgraded provincial roads and interchanges feeding "
                "the Bắc Giang – Lạng Sơn and Hữu Nghị – Chi Lăng expressways",
                "en",
            ),
            (
                LS,
                f"{LS}/project-1371-expressway-connectors",
                "Các tuyến đường tỉnh xây mới, nâng cấp và nút giao kết nối "
                "với cao tốc Bắc Giang - Lạng Sơn và cao tốc Hữu Nghị - Chi Lăng",
                "vi",
            ),
            (
                LS,
                f"{LS}/project-huu-nghi-chi-lang-expressway",
                "Hữu Nghị Border Gate – Chi Lăng Expressway project",
                "en",
            ),
            (
                LS,
                f"{LS}/project-huu-nghi-chi-lang-expressway",
                "Dự án đường cao tốc cửa khẩu Hữu Nghị - Chi Lăng",
                "vi",
            ),
        ],
    ),
    "search-quotes": (
        ("entity", "aspect", "quote", "document"),
        [
            (LS, "statedCount", "4 khâu đột phá", DOC),
            # the breakthroughs' "serves" links are inferred (issue 14), no longer quoted with "Đồng thời …"
        ],
    ),
    # One plan in the bundle today: nothing is shared yet (two-plan tests below).
    "shared-places": (("place", "plan_a", "plan_b"), []),
    "shared-sectors": (("sector", "plan_a", "plan_b"), []),
    "shared-infrastructure": (("infrastructure", "plan_a", "plan_b"), []),
    # Cross-plan queries on this one plan (all plans: tests/test_cross_plan.py).
    "shared-corridors": (("route", "plan", "relation", "via"), []),
    "targets-side-by-side": (
        ("plan", "target", "min", "max", "unit", "year"),
        [(LS, f"{LS}/target-grdp-growth", "8", "9", "percent-per-year", "2030")],
    ),
    "plan-hierarchy": (
        ("plan", "plan_type", "higher_plan", "higher_label", "higher_type"),
        [(LS, "ProvincialPlan", "tdmnpb-2021-2030", "tdmnpb-2021-2030", None)],
    ),  # not in this graph: no label
    "places-after-2025": (
        ("place", "type", "relations", "successor", "province_after"),
        [
            ("ref/dong-dang", "AdministrativeUnit", "connects", None, "ref/lang-son"),
            # concernsPlace: the planned merger of Cao Lộc into the city (issue 14.4).
            ("ref/tp-lang-son", "AdministrativeUnit", "locatedIn connects concernsPlace", None, "ref/lang-son"),
            *[
                (f"ref/{d}", "District", how, None, "ref/lang-son")
                for d, how in (
                    ("cao-loc", "locatedIn connects concernsPlace"),
                    ("chi-lang", "locatedIn"),
                    ("dinh-lap", "connects"),
                    ("huu-lung", "locatedIn connects"),
                    ("loc-binh", "locatedIn connects"),
                    ("trang-dinh", "connects"),
                    ("van-lang", "locatedIn connects"),
                    ("van-quan", "locatedIn"),
                )
            ],
            ("ref/bac-giang", "Province", "concernsPlace", "ref/bac-ninh-2025", "ref/bac-ninh-2025"),
            ("ref/bac-kan", "Province", "concernsPlace", "ref/thai-nguyen-2025", "ref/thai-nguyen-2025"),
            ("ref/thai-nguyen", "Province", "concernsPlace", "ref/thai-nguyen-2025", "ref/thai-nguyen-2025"),
        ],
    ),
}

# The queries of issue 14 (parts, roles, programmes, inferred links), written out from plan.yaml.
_S = "vocab:sector/"
_OBJ_PARTS = [
    ("objective-2030-border-province", "ObjectivePart", "1", None),
    ("objective-2030-stable-society", "ObjectivePart", "2", None),
    ("objective-2030-defence-security", "ObjectivePart", "3", "defence-security"),
    ("objective-2030-environment", "ObjectivePart", "4", "environment"),
    ("role-growth-pole-2030", "Role", "5", None),
    ("role-economic-centre-2030", "Role", "6", None),
    ("role-bridge-2030", "Role", "7", "trade"),
]
_VISION_PARTS = [
    ("vision-2050-digital-economy", "VisionPart", "1", "digital-transformation"),
    *[
        ("vision-2050-green-investment", "VisionPart", "2", s)
        for s in ("agriculture-forestry-fisheries", "clean-energy", "industry", "tourism")
    ],
    ("role-border-gate-system-2050", "Role", "3", "border-gate-economy"),
    ("role-border-gate-system-2050", "Role", "3", "transport"),
    ("role-transit-point-2050", "Role", "4", "logistics"),
    ("vision-2050-social-security", "VisionPart", "5", "social-security"),
    ("vision-2050-order-security-sovereignty", "VisionPart", "6", "defence-security"),
]
_PURPOSES = [
    ("purpose-spread-information", "Purpose", "1", None),
    ("purpose-exploit-potential", "Purpose", "2", None),
    ("purpose-socio-economic-development", "Purpose", "3", None),
    ("purpose-realise-plan", "Purpose", "4", None),
]
_ZONE_ROLES = [
    ("role-kkt-border-gate-economic-centre", "Role", "1", "border-gate-economy"),
    ("role-kkt-border-gate-services-centre", "Role", "2", "border-gate-economy"),
    ("role-kkt-border-gate-services-centre", "Role", "2", "services"),
    ("role-kkt-logistics-centre", "Role", "3", "logistics"),
]
_HUB_ROLES = [
    ("role-regional-service-centre", "Role", "1", "services"),
    ("role-exchange-centre", "Role", "2", "external-relations"),
    ("role-exchange-centre", "Role", "2", "trade"),
]


def _parts(whole: str, parts: list) -> list[tuple]:
    return [(f"{LS}/{whole}", f"{LS}/{p}", t, n, _S + s if s else None) for p, t, n, s in parts]


_ZONE = f"{LS}/kkt-dong-dang-lang-son"
_PROVINCE = "ref/lang-son"
EXPECTED.update(
    {
        "statement-parts": (
            ("whole", "part", "type", "ordinal", "sector"),
            _parts("conference-2024", _PURPOSES)
            + _parts("objective-2030", _OBJ_PARTS)
            + _parts("orientation-border-gate-economic-zone", _ZONE_ROLES)
            + _parts("orientation-regional-service-trade-hub", _HUB_ROLES)
            + _parts("vision-2050", _VISION_PARTS),
        ),
        "roles": (
            ("holder", "role", "whole", "relation", "place"),
            [
                (_ZONE, f"{LS}/{r}", f"{LS}/orientation-border-gate-economic-zone", None, None)
                for r in (
                    "role-kkt-border-gate-economic-centre",
                    "role-kkt-border-gate-services-centre",
                    "role-kkt-logistics-centre",
                )
            ]
            + [
                (_PROVINCE, f"{LS}/role-bridge-2030", O2030, "between", f"ref/{p}")
                for p in ("asean", "china", "europe", "vietnam")
            ]
            + [
                (_PROVINCE, f"{LS}/role-economic-centre-2030", O2030, "in", "ref/tdmnpb"),
                (_PROVINCE, f"{LS}/role-growth-pole-2030", O2030, "in", "ref/tdmnpb"),
            ]
            + [
                (
                    _PROVINCE,
                    f"{LS}/role-exchange-centre",
                    f"{LS}/orientation-regional-service-trade-hub",
                    "between",
                    f"ref/{p}",
                )
                for p in ("asean", "southwest-china", "vietnam")
            ]
            + [
                (
                    _PROVINCE,
                    f"{LS}/role-regional-service-centre",
                    f"{LS}/orientation-regional-service-trade-hub",
                    None,
                    None,
                ),
                (_PROVINCE, f"{LS}/role-border-gate-system-2050", f"{LS}/vision-2050", "in", "ref/vietnam"),
            ]
            + [
                (_PROVINCE, f"{LS}/role-transit-point-2050", f"{LS}/vision-2050", "between", f"ref/{p}")
                for p in ("asean", "china", "vietnam", "world")
            ],
        ),
        "programmes": (
            ("programme", "type", "label", "year", "event", "event_date", "date_is_planned"),
            [
                (
                    f"{LS}/programme-investment-2024",
                    "InvestmentPromotionProgramme",
                    "Chương trình xúc tiến đầu tư năm 2024 của tỉnh Lạng Sơn",
                    "2024",
                    f"{LS}/conference-2024",
                    "2024-04-21",
                    "true",
                )
            ],
        ),
        "inferred-links": (
            ("subject", "relation", "object", "rule", "derived_from"),
            [
                (LS, "hasPartner", f"ref/{p}", "role-partners", f"{LS}/role-bridge-2030")
                for p in ("asean", "china", "europe")
            ]
            + [
                (f"{LS}/{b}", "serves", O2030, "reading-order", O2030)
                for b in (
                    "breakthrough-1-digital-transformation",
                    "breakthrough-2-infrastructure",
                    "breakthrough-3-border-gate-economy",
                    "breakthrough-4-industry",
                )
            ]
            + [
                (f"{LS}/press-briefing", "speaker", f"{LS}/duong-xuan-huyen", "reading-order", f"{LS}/press-briefing"),
                (f"{LS}/role-growth-pole-2030", "roleIn", "ref/tdmnpb", "shared-modifier", O2030),
            ]
            + [
                (f"{LS}/{t}", "serves", O2030, "theo-do", O2030)
                for t in (
                    "task-1-institutions",
                    "task-2-infrastructure",
                    "task-3-human-resources",
                    "task-4-tourism",
                    "task-5-innovation",
                    "task-6-agriculture",
                    "task-7-culture",
                    "task-8-defence-security",
                )
            ]
            + [
                (_PROVINCE, "partOfRegion", "ref/tdmnpb", "region-membership", f"{LS}/role-economic-centre-2030"),
                (_PROVINCE, "partOfRegion", "ref/vietnam", "region-membership", f"{LS}/role-border-gate-system-2050"),
            ],
        ),
        "link-status": (
            ("relation", "object", "status", "rule", "quote"),
            [
                (
                    "roleHolder",
                    _PROVINCE,
                    "stated",
                    None,
                    "mục tiêu phát triển đến năm 2030: Xây dựng Lạng Sơn trở thành",
                ),
                ("roleIn", "ref/tdmnpb", "inferred", "shared-modifier", None),
            ],
        ),
    }
)


# Change over time (issue 14.3). On this graph no Lạng Sơn target has a validity of its own:
# each is in force from the approving decision's signing date (basis "approval"). The merger
# resolution is reference data: it replaced ten provinces by five. National-plan cases:
# tests/test_change_over_time.py.
_LS_TARGETS = yaml.safe_load((ROOT / "plans" / LS / "plan.yaml").read_text(encoding="utf-8"))["targets"]
EXPECTED["targets-in-force"] = (
    ("target", "basis", "valid_from", "decided_by"),
    [
        (f"{LS}/{t['id']}", "approval", "2024-03-19", f"{LS}/decision-236")
        for t in sorted(_LS_TARGETS, key=lambda t: (t["indicator"], t["id"]))
    ],
)


def _merger_rows() -> list[tuple]:
    """Every unit that ended on 30/06/2025 with its successor, from the generated reference
    files, in the query's order (the successor's class, then the successor, then the old unit)."""
    import yaml

    def places(name):
        return yaml.safe_load((ROOT / "reference" / name).read_text(encoding="utf-8"))["places"]

    kind = {p["id"]: p["type"] for p in places("provinces-2025.yaml")}
    pairs = [(p["id"], s["ref"]) for p in places("provinces-before-2025.yaml") for s in p.get("successor") or []]
    return [
        ("replaced", f"ref/{old}", f"ref/{new}")
        for old, new in sorted(pairs, key=lambda pair: (kind[pair[1]], pair[1], pair[0]))
    ]


EXPECTED["adjustment-changes"] = (("change", "old", "new"), _merger_rows())
EXPECTED["superseded-sources"] = (("fact", "source", "status"), [])
# The conference's outcomes (issue 14.4).
EXPECTED["event-outcomes"] = (
    ("event", "event_date", "outcome", "count", "amount", "unit"),
    [
        (
            f"{LS}/conference-2024",
            "2024-04-21",
            f"{LS}/conference-2024-investment-decisions",
            "14",
            "18602",
            "billion-vnd",
        ),
        (f"{LS}/conference-2024", "2024-04-21", f"{LS}/conference-2024-memoranda", "9", "21527", "billion-vnd"),
    ],
)


def test_every_query_has_an_expectation():
    assert set(EXPECTED) | {"gaps-unquoted-entities"} == {p.stem for p in QUERY_FILES}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_query_returns_its_expected_rows_with_defaults(name):
    columns, rows = EXPECTED[name]
    result = Q.run_query(name)
    assert result.kind == "SELECT"
    assert cols(result, *columns) == rows


def _unquoted_ids_from_yaml() -> set[str]:
    """Entities of plan.yaml none of whose sources is a quote: the oracle for gaps-unquoted-entities."""
    data = yaml.safe_load((ROOT / "plans" / LS / "plan.yaml").read_text(encoding="utf-8"))
    unquoted = set()
    for section, items in data.items():
        if not isinstance(items, list) or section == "sources":
            continue
        for item in items:
            sources = item["source"] if isinstance(item["source"], list) else [item["source"]]
            if not any("quote" in s for s in sources):
                unquoted.add(item["id"])
    return unquoted


def test_gaps_unquoted_entities_lists_exactly_the_web_only_entities():
    result = Q.run_query("gaps-unquoted-entities")
    found = [row[0] for row in cols(result, "entity")]
    assert len(found) == len(set(found))
    assert {f.split("/", 1)[1] for f in found} == _unquoted_ids_from_yaml()
    assert len(found) == len(_unquoted_ids_from_yaml()) > 60
    assert ("UrbanArea", f"{LS}/urban-huu-lung", "Hữu Lũng") in cols(result, "type", "entity", "label")
    assert "task-1-institutions" not in {f.split("/", 1)[1] for f in found}


def test_labels_fall_back_from_vi_to_en_to_local_name(lang_son):
    g = copy_of(lang_son)
    task = URIRef(f"{BASE}{LS}/task-3-human-resources")
    g.remove((task, RDFS.label, Literal("Nâng cao chất lượng nguồn nhân lực", lang="vi")))
    bt = URIRef(f"{BASE}{LS}/breakthrough-2-infrastructure")
    g.remove((bt, RDFS.label, None))
    tasks = dict(cols(Q.run_query("key-tasks", graph=g), "task", "label"))
    assert tasks[f"{LS}/task-3-human-resources"] == "Improve the quality of human resources"
    assert tasks[f"{LS}/task-1-institutions"].startswith("Đổi mới và hoàn thiện thể chế")
    breakthroughs = dict(cols(Q.run_query("breakthroughs", graph=g), "breakthrough", "label"))
    assert breakthroughs[f"{LS}/breakthrough-2-infrastructure"] == "breakthrough-2-infrastructure"


# ------------------------------------------------------------------------------------------
# Cross-plan queries: Lạng Sơn plus the mini plan
# ------------------------------------------------------------------------------------------
def test_cross_plan_queries_on_two_plans(lang_son_and_mini):
    assert cols(Q.run_query("plans", graph=lang_son_and_mini), "plan") == [(LS,), (MINI,)]
    assert cols(Q.run_query("shared-places", graph=lang_son_and_mini), "place", "label", "plan_a", "plan_b") == [
        ("ref/lang-son", "Lạng Sơn", LS, MINI)
    ]
    assert cols(
        Q.run_query("shared-sectors", graph=lang_son_and_mini), "sector", "plan_a", "entities_a", "plan_b", "entities_b"
    ) == [
        # the 2050 vision's parts (issue 14) add one entity to each
        ("vocab:sector/digital-transformation", LS, "3", MINI, "1"),
        ("vocab:sector/tourism", LS, "10", MINI, "1"),
    ]
    assert Q.run_query("shared-infrastructure", graph=lang_son_and_mini).rows == []
    tourism = cols(Q.run_query("concerns-sector", graph=lang_son_and_mini), "plan", "entity")
    assert tourism[-1] == (MINI, f"{MINI}/breakthrough-2-tourism") and len(tourism) == 11


def test_gaps_across_two_plans(lang_son_and_mini):
    assert cols(
        Q.run_query("gaps-stated-counts", graph=lang_son_and_mini), "plan", "owner", "stated", "named", "missing"
    )[5:] == [
        (MINI, f"{MINI}/projects-all", "5", "1", "4"),
        (MINI, f"{MINI}/projects-attraction", "3", "0", "3"),
        (MINI, f"{MINI}/projects-central", "2", "1", "1"),
    ]
    without = Q.run_query("gaps-projects-without-breakthrough", graph=lang_son_and_mini)
    assert MINI not in {row[0] for row in cols(without, "plan")}


def test_shared_infrastructure_finds_shared_and_linked_routes(lang_son_and_mini):
    g = copy_of(lang_son_and_mini)
    mini_plan = URIRef(BASE + MINI)
    project = URIRef(f"{BASE}{MINI}/project-gate-road")
    g.add((project, PK.alongInfrastructure, URIRef(BASE + "ref/expressway-dong-dang-tra-linh")))
    rail = URIRef(f"{BASE}{MINI}/rail-local")  # a plan's own route, linked to the shared one
    g.add((rail, RDF.type, PK.Infrastructure))
    g.add((rail, PK.inPlan, mini_plan))
    g.add((rail, OWL.sameAs, URIRef(BASE + "ref/railway-ha-noi-dong-dang")))
    rows = cols(Q.run_query("shared-infrastructure", graph=g), "infrastructure", "label", "plan_a", "plan_b")
    assert rows == [
        (f"{MINI}/rail-local", "rail-local", LS, MINI),
        ("ref/expressway-dong-dang-tra-linh", "Cao tốc Đồng Đăng - Trà Lĩnh", LS, MINI),
        ("ref/railway-ha-noi-dong-dang", "Đường sắt Hà Nội - Đồng Đăng", LS, MINI),
    ]


def test_gap_queries_find_what_is_missing(lang_son_and_mini):
    g = copy_of(lang_son_and_mini)
    task = URIRef(f"{BASE}{LS}/task-3-human-resources")
    g.remove((task, PK.concernsSector, None))
    project = URIRef(f"{BASE}{MINI}/project-gate-road")
    g.remove((project, PK.carriesBreakthrough, None))
    assert cols(Q.run_query("gaps-tasks-without-sector", graph=g), "plan", "type", "entity", "label") == [
        (LS, "KeyTask", f"{LS}/task-3-human-resources", "Nâng cao chất lượng nguồn nhân lực"),
        # the sample plan's own task names no sector: a gap the query must find as it is
        (MINI, "KeyTask", f"{MINI}/task-1-balance", "Phát triển hài hòa giữa kinh tế và xã hội"),
    ]
    assert cols(Q.run_query("gaps-projects-without-breakthrough", graph=g), "plan", "project", "label")[-1] == (
        MINI,
        f"{MINI}/project-gate-road",
        "Đường nối cửa khẩu",
    )
