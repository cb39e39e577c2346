"""Write the two made-up plans the link-suggestion tests match against each other.

"alpha" writes names the short way plans often do (UBND, KKT, QL4A, TP, TT,
KCN); "beta" writes the same things in full, in another word order or with
other dashes, and adds look-alikes that are NOT the same thing (another
province's committee, another person, another expressway or gate). The
hand-labelled answers are in ``gold-fixtures.tsv``. Run this script again
after editing the lists below, and commit what it writes.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).parent

ALPHA = {
    "organisations": [
        ("ubnd-lang-son", "UBND tỉnh Lạng Sơn"),
        ("so-khdt-lang-son", "Sở KH&ĐT tỉnh Lạng Sơn"),
        ("hdnd-lang-son", "HĐND tỉnh Lạng Sơn"),
    ],
    "posts": [
        ("post-pm", "Thủ tướng Chính phủ"),
        ("post-dpm", "Phó Thủ tướng Chính phủ"),
        ("post-ubnd-chair", "Chủ tịch UBND tỉnh Lạng Sơn"),
    ],
    "people": [("tran-hong-ha", "Trần Hồng Hà")],
    "economic_zones": [
        ("kkt-dong-dang-lang-son", "KKT cửa khẩu Đồng Đăng - Lạng Sơn"),
        ("kkt-cao-bang", "KKT cửa khẩu tỉnh Cao Bằng"),
    ],
    "infrastructure": [
        ("ql4a", "QL4A"),
        ("ql4b", "QL4B"),
        ("ct-dong-dang-tra-linh", "Cao tốc Đồng Đăng - Trà Lĩnh"),
        ("ct-huu-nghi-chi-lang", "Cao tốc Hữu Nghị - Chi Lăng"),
    ],
    "border_gates": [
        ("gate-huu-nghi", "Cửa khẩu quốc tế Hữu Nghị"),
        ("gate-chi-ma", "Cửa khẩu Chi Ma"),
        ("gate-tan-thanh", "Cửa khẩu Tân Thanh"),
    ],
    "urban_areas": [
        ("urban-tp-lang-son", "TP Lạng Sơn"),
        ("urban-tt-dong-dang", "TT Đồng Đăng"),
        ("tt-na-sam", "Thị trấn Na Sầm"),
    ],
    "industrial_parks": [("kcn-huu-lung", "KCN Hữu Lũng"), ("kcn-dong-banh", "KCN Đồng Bành")],
}
BETA = {
    "organisations": [
        ("uy-ban-lang-son", "Ủy ban nhân dân tỉnh Lạng Sơn"),
        ("so-ke-hoach-dau-tu", "Sở Kế hoạch và Đầu tư tỉnh Lạng Sơn"),
        ("uy-ban-cao-bang", "Ủy ban nhân dân tỉnh Cao Bằng"),
    ],
    "posts": [
        ("chu-tich-ubnd", "Chủ tịch Ủy ban nhân dân tỉnh Lạng Sơn"),
        ("thu-tuong", "Thủ tướng Chính phủ"),
        ("pho-chu-tich-ubnd", "Phó Chủ tịch Ủy ban nhân dân tỉnh Lạng Sơn"),
    ],
    "people": [("tran-hong-ha", "Trần Hồng Hà"), ("le-van-thanh", "Lê Văn Thành")],
    "economic_zones": [("khu-kinh-te", "Khu kinh tế cửa khẩu Đồng Đăng – Lạng Sơn")],
    "infrastructure": [
        ("quoc-lo-4a", "Quốc lộ 4A"),
        ("quoc-lo-4b", "Quốc lộ 4B"),
        ("cao-toc-tra-linh", "Đường cao tốc Trà Lĩnh – Đồng Đăng"),
        ("cao-toc-ha-noi-lang-son", "Cao tốc Hà Nội - Lạng Sơn"),
    ],
    "border_gates": [
        ("cua-khau-huu-nghi", "Cửa khẩu Hữu Nghị"),
        ("cua-khau-chi-ma", "Cửa khẩu chính Chi Ma"),
        ("cua-khau-binh-nghi", "Cửa khẩu Bình Nghi"),
    ],
    "urban_areas": [
        ("thanh-pho-lang-son", "Thành phố Lạng Sơn"),
        ("thi-tran-dong-dang", "Thị trấn Đồng Đăng"),
        ("na-sam", "Na Sầm"),
    ],
    "industrial_parks": [
        ("khu-cong-nghiep-huu-lung", "Khu công nghiệp Hữu Lũng"),
        ("khu-cong-nghiep-dong-banh", "Khu công nghiệp Đồng Bành"),
    ],
}


def write_plan(plan_id: str, sections: dict) -> None:
    folder = HERE / "plans" / plan_id
    (folder / "sources").mkdir(parents=True, exist_ok=True)
    names = [label for items in sections.values() for _, label in items]
    title = f"Quy hoạch mẫu {plan_id} (dữ liệu thử, không phải quy hoạch thật)"
    (folder / "sources" / "names.txt").write_text("\n".join([title, *names]) + "\n", encoding="utf-8")
    lines = [
        "# Made-up plan for the link-suggestion tests; written by ../../make_fixtures.py.",
        "format: plankg/1",
        "kind: plan",
        f"id: {plan_id}",
        "sources:",
        "  - id: names",
        "    file: sources/names.txt",
        "plan:",
        f'  label: {{vi: "{title}", en: "Test plan {plan_id}"}}',
        "  period_start: 2021",
        "  period_end: 2030",
        f'  source: {{doc: names, quote: "{title}"}}',
    ]
    for section, items in sections.items():
        lines.append(f"{section}:")
        for eid, label in items:
            lines += [
                f"  - id: {eid}",
                f'    label: {{vi: "{label}", en: "{label}"}}',
                f'    source: {{doc: names, quote: "{label}"}}',
            ]
    (folder / "plan.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    write_plan("alpha-2021-2030", ALPHA)
    write_plan("beta-2021-2030", BETA)
