"""The bundled Lạng Sơn plan: content, provenance and the questions users ask, in SPARQL."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from graph_build.core.namespace import PK
from graph_build.plans.checks import normalise_for_quote

BASE = "https://w3id.org/plankg/id/"
PLAN = URIRef(BASE + "lang-son-2021-2030")
ANNOUNCEMENT = (
    Path(__file__).parent.parent / "plans" / "lang-son-2021-2030" / "sources" / "lang-son-plan-announcement-2024.txt"
)
PREFIXES = """
PREFIX pk: <https://w3id.org/plankg/def#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX pkv: <https://w3id.org/plankg/vocab/>
"""


def rows(graph, query, **bindings):
    return [tuple(r) for r in graph.query(PREFIXES + query, initBindings=bindings)]


def test_bundled_build_is_valid(bundled):
    assert bundled.ok, "\n".join(str(p) for p in bundled.errors)
    assert bundled.shacl_checked


def test_which_decision_approved_the_plan_when_and_who_signed(bundled_graph):
    result = rows(
        bundled_graph,
        """
        SELECT ?number ?date ?signer ?post WHERE {
          ?d pk:approves ?plan ; pk:documentNumber ?number ; pk:signingDate ?date ;
             pk:signedBy/rdfs:label ?signer ; pk:signerPost/rdfs:label ?post .
          FILTER(lang(?post) = "vi")
        }""",
        plan=PLAN,
    )
    assert result == [
        (
            Literal("236/QĐ-TTg"),
            Literal("2024-03-19", datatype=XSD.date),
            Literal("Trần Hồng Hà", lang="vi"),
            Literal("Phó Thủ tướng Chính phủ", lang="vi"),
        )
    ]


BREAKTHROUGHS_VI = [
    "Chuyển đổi số và cải thiện mạnh mẽ môi trường đầu tư, sản xuất kinh doanh",
    "Phát triển kết cấu hạ tầng kinh tế - xã hội",
    "Phát triển kinh tế cửa khẩu, thương mại, dịch vụ và du lịch",
    "Phát triển công nghiệp theo hướng nâng cao chất lượng, sức cạnh tranh, xanh, an toàn và hiện đại",
]


def test_the_four_breakthroughs_in_vi_and_en(bundled_graph):
    result = rows(
        bundled_graph,
        """
        SELECT ?n ?vi ?en WHERE {
          ?plan pk:hasBreakthrough ?b . ?b pk:ordinal ?n ; rdfs:label ?vi, ?en .
          FILTER(lang(?vi) = "vi" && lang(?en) = "en")
        } ORDER BY ?n""",
        plan=PLAN,
    )
    assert [str(r[1]) for r in result] == BREAKTHROUGHS_VI
    assert [r[0].toPython() for r in result] == [1, 2, 3, 4]
    assert all(r[2] for r in result)
    assert "industr" in str(result[3][2]).lower()


KEY_TASKS_VI = [
    "Đổi mới và hoàn thiện thể chế, tạo môi trường kinh doanh hiện đại, minh bạch",
    "Đầu tư nâng cấp và phát triển cơ sở hạ tầng từng bước đồng bộ, hiện đại",
    "Nâng cao chất lượng nguồn nhân lực",
    "Phát triển du lịch trở thành một động lực tăng trưởng kinh tế lớn, ngành kinh tế mũi nhọn của tỉnh vào năm 2030",
    "Thúc đẩy đổi mới sáng tạo và khởi nghiệp",
    "Tập trung thực hiện tái cơ cấu ngành nông nghiệp theo hướng nâng cao giá trị gia tăng gắn với xây dựng nông thôn mới",
    "Phát huy bản sắc văn hóa truyền thống tốt đẹp, nâng cao đạo đức xã hội, ý thức pháp luật, xây dựng văn hóa và con người Lạng Sơn",
    "Tăng cường củng cố quốc phòng, an ninh, bảo đảm trật tự an toàn xã hội, giữ vững chủ quyền biên giới quốc gia",
]


def test_the_eight_key_tasks_serve_the_2030_objective(bundled_graph):
    result = rows(
        bundled_graph,
        """
        SELECT ?n ?vi ?objective WHERE {
          ?plan pk:hasKeyTask ?t . ?t pk:ordinal ?n ; rdfs:label ?vi ; pk:serves ?objective .
          FILTER(lang(?vi) = "vi")
        } ORDER BY ?n""",
        plan=PLAN,
    )
    assert [str(r[1]) for r in result] == KEY_TASKS_VI
    assert {r[2] for r in result} == {URIRef(BASE + "lang-son-2021-2030/objective-2030")}


def test_what_concerns_tourism(bundled_graph):
    result = rows(
        bundled_graph,
        """
        SELECT ?kind ?x WHERE {
          ?plan pk:hasPart ?x . ?x pk:concernsSector <https://w3id.org/plankg/vocab/sector/tourism> ; a ?kind .
          FILTER(?kind IN (pk:KeyTask, pk:Breakthrough))
        }""",
        plan=PLAN,
    )
    got = {(str(k).rsplit("#", 1)[1], str(x).rsplit("/", 1)[1]) for k, x in result}
    assert got == {("KeyTask", "task-4-tourism"), ("Breakthrough", "breakthrough-3-border-gate-economy")}


def test_projects_announced_per_funding_category_versus_named(bundled_graph):
    result = rows(
        bundled_graph,
        """
        SELECT ?category ?stated (COUNT(?project) AS ?named) WHERE {
          ?plan pk:hasProjectGroup ?group . ?group pk:fundingCategory ?category ;
                pk:statedCount [ pk:countedClass pk:Project ; pk:statedValue ?stated ] .
          OPTIONAL { ?group pk:includesProject ?project }
        } GROUP BY ?category ?stated""",
        plan=PLAN,
    )
    got = {str(c).rsplit("/", 1)[1]: (s.toPython(), n.toPython()) for c, s, n in result}
    assert got == {"central": (27, 0), "provincial": (38, 0), "investment-attraction": (108, 0)}
    total = rows(
        bundled_graph,
        """
        SELECT ?stated WHERE { ?plan pk:hasProjectGroup ?g . ?g pk:hasSubGroup ?sub ;
          pk:statedCount [ pk:countedClass pk:Project ; pk:statedValue ?stated ] } LIMIT 1""",
        plan=PLAN,
    )
    assert total == [(Literal(173),)]


def test_the_2030_objective_and_the_2050_vision(bundled_graph):
    result = dict(
        rows(
            bundled_graph,
            """
        SELECT ?year ?text WHERE {
          { ?plan pk:hasObjective ?x } UNION { ?plan pk:hasVision ?x }
          ?x pk:targetYear ?year ; <http://purl.org/dc/terms/description> ?text . FILTER(lang(?text) = "vi")
        }""",
            plan=PLAN,
        )
    )
    assert set(map(str, result)) == {"2030", "2050"}
    by_year = {str(k): str(v) for k, v in result.items()}
    assert by_year["2030"].startswith("Xây dựng Lạng Sơn trở thành tỉnh biên giới có kinh tế phát triển")
    assert "năng lượng sạch" in by_year["2050"]


def test_partners(bundled_graph):
    result = rows(
        bundled_graph,
        """
        SELECT ?label WHERE { ?plan pk:hasPartner/rdfs:label ?label . FILTER(lang(?label) = "vi") }""",
        plan=PLAN,
    )
    labels = sorted(str(r[0]) for r in result)
    assert len(labels) == 3
    assert any("ASEAN" in l for l in labels)
    assert "Trung Quốc" in labels
    assert any("châu âu" in l.lower() for l in labels)


def test_events_with_their_organisers(bundled_graph):
    result = rows(
        bundled_graph,
        """
        SELECT ?event ?date ?organiser WHERE {
          ?event a pk:Event ; pk:inPlan ?plan ; pk:organisedBy/rdfs:label ?organiser .
          OPTIONAL { ?event pk:eventDate ?date }
          FILTER(lang(?organiser) = "vi")
        }""",
        plan=PLAN,
    )
    by_event = {}
    for event, date, organiser in result:
        by_event.setdefault(str(event).rsplit("/", 1)[1], set()).add((str(date), str(organiser)))
    assert ("2024-04-21", "UBND tỉnh Lạng Sơn") in by_event["conference-2024"]
    assert ("2024-04-15", "UBND tỉnh Lạng Sơn") in by_event["press-briefing"]
    assert len(by_event) == 2


def test_the_source_quote_of_any_entity(bundled_graph):
    result = rows(
        bundled_graph,
        """
        SELECT ?quote ?file WHERE { ?x pk:attestedBy ?a . ?a pk:quote ?quote ; pk:inDocument/pk:sourceFile ?file }""",
        x=URIRef(BASE + "lang-son-2021-2030/breakthrough-4-industry"),
    )
    assert result == [
        (
            Literal(
                "phát triển công nghiệp theo hướng nâng cao chất lượng, sức cạnh tranh, xanh, an toàn và hiện đại",
                lang="vi",
            ),
            Literal("lang-son-plan-announcement-2024.txt"),
        )
    ]


def test_every_quote_occurs_in_its_source(bundled_graph):
    text = normalise_for_quote(ANNOUNCEMENT.read_text(encoding="utf-8"))
    quotes = [str(q) for q in bundled_graph.objects(None, PK.quote)]
    assert len(quotes) > 40
    for quote in quotes:
        assert normalise_for_quote(quote) in text, quote
        assert unicodedata.is_normalized("NFC", quote)


def test_every_plan_entity_has_a_source(bundled_graph):
    missing = rows(
        bundled_graph,
        """
        SELECT ?x WHERE { ?plan pk:hasPart ?x . FILTER NOT EXISTS { ?x pk:attestedBy ?a } }""",
        plan=PLAN,
    )
    assert missing == []


def test_spatial_model_one_two_three(bundled):
    stated = {(c.owner, c.of): (c.stated, c.named) for c in bundled.counts if c.dataset == "lang-son-2021-2030"}
    structure = [k for k in stated if k[1] == "DevelopmentAxis"]
    assert len(structure) == 1
    owner = structure[0][0]
    assert stated[(owner, "DevelopmentAxis")] == (1, 1)
    assert stated[(owner, "EconomicCorridor")] == (2, 2)
    assert stated[(owner, "SocioEconomicZone")] == (3, 3)
    assert stated[("plan", "Breakthrough")] == (4, 4)


def test_the_border_gate_economic_zone_and_its_role(bundled_graph):
    result = rows(
        bundled_graph,
        """
        SELECT ?label ?role WHERE { ?z a pk:BorderGateEconomicZone ; pk:inPlan ?plan ; rdfs:label ?label ; pk:role ?role .
          FILTER(lang(?label) = "vi" && lang(?role) = "vi") }""",
        plan=PLAN,
    )
    assert len(result) == 1
    assert "Đồng Đăng" in str(result[0][0])
    assert "trung tâm kinh tế cửa khẩu hiện đại" in str(result[0][1])
