"""The data contract: every input table, its columns, types, allowed values and keys.

One declarative spec per table. `validation.py` turns a spec into a pandera schema and
into Vietnamese error messages; `book/data-contract.md` documents the same columns (a
test keeps the two in step).
"""

from __future__ import annotations

from dataclasses import dataclass

from khuyencong.core.edition import SLUG_PATTERN, YEAR_MAX, YEAR_MIN

FUND_SOURCES = ("national", "local")
FUND_SOURCES_OR_ALL = ("national", "local", "all")
QUALIFIERS = ("exact", "at_least", "planned", "estimated")
AWARD_LEVELS = ("tinh", "vung", "quoc-gia", "xa")
ENTITY_KINDS = ("province", "region", "country", "unnamed_province")
SOURCE_KINDS = ("news", "decision", "authored")
# State of a đề án / nhiệm vụ (data/tasks.csv): approved, under way, accepted, settled.
TASK_STATUSES = ("phe-duyet", "dang-thuc-hien", "nghiem-thu", "quyet-toan")
# Product groups of the award round (bình chọn sản phẩm CNNT tiêu biểu, four groups).
PRODUCT_GROUPS = ("1", "2", "3", "4")
SLUG = SLUG_PATTERN


@dataclass(frozen=True)
class Col:
    """One column: `kind` is text | int | number | bool."""

    name: str
    kind: str = "text"
    required: bool = True
    allowed: tuple[str, ...] | None = None
    ref: str | None = None  # "table.column" that must contain the value
    min: float | None = None
    max: float | None = None
    pattern: str | None = None
    money: bool = False  # triệu đồng: authors write thousands the Vietnamese way (1.905)
    header_optional: bool = False  # a file written before the column existed may lack it


@dataclass(frozen=True)
class Table:
    name: str
    file: str
    columns: tuple[Col, ...]
    key: tuple[str, ...]
    optional: bool = False  # a missing file is an empty table (the register, the product list)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


def _year(name: str, required: bool = True) -> Col:
    return Col(name, "int", required=required, min=YEAR_MIN, max=YEAR_MAX)


def _money(name: str, required: bool = True) -> Col:
    return Col(name, "number", required=required, min=0, money=True)


def _count(name: str, required: bool = True) -> Col:
    return Col(name, "int", required=required, min=0)


SOURCE = Col("source_id", ref="sources.source_id")
# The author's explanation of a figure that a plausibility rule questions, on that figure's row
# (giải trình): the only way a rule accepts an exception; never the general `note`.
EXPLANATION = Col("explanation", required=False, header_optional=True)

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "sources",
            "sources.csv",
            (
                Col("source_id", pattern=SLUG),
                Col("kind", allowed=SOURCE_KINDS),
                Col("title"),
                Col("published", required=False),
                Col("publisher", required=False),
                Col("seed_file", required=False),
                Col("note", required=False),
            ),
            key=("source_id",),
        ),
        Table(
            "entities",
            "entities.csv",
            (
                Col("entity", pattern=SLUG),
                Col("kind", allowed=ENTITY_KINDS),
                Col("region", required=False, ref="entities.entity"),
                Col("name_vi"),
                Col("admin_header", required=False),
                Col("department", required=False),
                Col("boundary_note", required=False),
                SOURCE,
            ),
            key=("entity",),
        ),
        Table(
            "content_groups",
            "content_groups.csv",
            (Col("group", "int", min=1, max=99), Col("name_vi")),
            key=("group",),
        ),
        Table(
            "activities",
            "activities.csv",
            (
                Col("activity", pattern=SLUG),
                Col("group", "int", ref="content_groups.group"),
                Col("name_vi"),
                Col("unit_vi"),
                Col("row", "int", required=False, min=1),
                Col("in_programme", "bool"),
            ),
            key=("activity",),
        ),
        Table(
            "funding",
            "funding.csv",
            (
                Col("province", ref="entities.entity"),
                _year("year"),
                Col("fund_source", allowed=FUND_SOURCES),
                _money("allocated"),
                _money("disbursed"),  # the cost of the tasks, as the source states it
                _count("tasks"),
                SOURCE,
                Col("note", required=False),
                # The year's total disbursement (giải ngân), when entered: the only basis of an
                # execution rate or an unspent remainder.
                Col("paid", "number", required=False, min=0, money=True, header_optional=True),
                EXPLANATION,
            ),
            key=("province", "year", "fund_source"),
        ),
        Table(
            "results",
            "results.csv",
            (
                Col("entity", ref="entities.entity"),
                _year("period_start", required=False),
                _year("period_end"),
                Col("activity", ref="activities.activity"),
                Col("fund_source", allowed=FUND_SOURCES_OR_ALL),
                Col("quantity", "number", min=0),
                Col("unit"),
                _money("budget", required=False),
                Col("qualifier", allowed=QUALIFIERS),
                SOURCE,
                Col("note", required=False),
                EXPLANATION,
            ),
            key=("entity", "period_start", "period_end", "activity", "fund_source", "unit"),
        ),
        Table(
            "awards",
            "awards.csv",
            (
                Col("province", ref="entities.entity"),
                _year("year"),
                Col("level", allowed=AWARD_LEVELS),
                _count("dossiers"),
                _count("units"),
                _count("eligible"),
                _count("recognised"),
                SOURCE,
            ),
            key=("province", "year", "level"),
        ),
        Table(
            "indicator_catalogue",
            "indicator_catalogue.csv",
            (Col("indicator", pattern=SLUG), Col("name_vi"), Col("unit")),
            key=("indicator",),
        ),
        Table(
            "indicators",
            "indicators.csv",
            (
                Col("entity", ref="entities.entity"),
                _year("period_start", required=False),
                _year("period_end"),
                Col("indicator", ref="indicator_catalogue.indicator"),
                Col("fund_source", allowed=FUND_SOURCES_OR_ALL),
                Col("value", "number"),
                Col("unit"),
                Col("qualifier", allowed=QUALIFIERS),
                SOURCE,
                Col("quote", required=False),
            ),
            key=("entity", "period_start", "period_end", "indicator", "fund_source"),
        ),
        Table(
            "claims",
            "claims.csv",
            (
                Col("claim_id", pattern=SLUG),
                Col("entity", ref="entities.entity"),
                _year("period_start", required=False),
                _year("period_end", required=False),
                Col("text_vi"),
                Col("value", "number"),
                Col("unit"),
                Col("decimals", "int", min=0, max=6),
                SOURCE,
                Col("quote", required=False),
                Col("formula", required=False),
            ),
            key=("claim_id",),
        ),
        Table(
            "programme_plan",
            "programme_plan.csv",
            (
                Col("programme", pattern=SLUG),
                Col("activity", ref="activities.activity"),
                _year("year"),
                Col("fund_source", allowed=FUND_SOURCES),
                Col("quantity", "number", min=0),
                _money("budget"),
                SOURCE,
            ),
            key=("programme", "activity", "year", "fund_source"),
        ),
        Table(
            "tasks",
            "tasks.csv",
            (
                Col("province", ref="entities.entity"),
                _year("year"),
                Col("code"),
                Col("name"),
                Col("beneficiary"),
                Col("commune", required=False),
                Col("activity", ref="activities.activity"),
                Col("fund_source", allowed=FUND_SOURCES),
                _money("support"),
                _money("counterpart", required=False),
                Col("status", allowed=TASK_STATUSES),
                Col("decision", required=False),
                SOURCE,
            ),
            key=("province", "year", "code"),
            optional=True,
        ),
        Table(
            "award_products",
            "award_products.csv",
            (
                Col("province", ref="entities.entity"),
                _year("year"),
                Col("product"),
                Col("producer"),
                Col("group", allowed=PRODUCT_GROUPS),
                Col("decision", required=False),
                SOURCE,
            ),
            key=("province", "year", "product", "producer"),
            optional=True,
        ),
    )
}

# Keys of the authored-text YAML files (data/texts/<entity>/<period>.yaml).
TEXT_LIST_KEYS = (
    "policies",
    "results_narrative",
    "limitations",
    "lessons",  # bài học kinh nghiệm (a period review's section III)
    "priorities",
    "solutions",
)
# The report's document metadata and authored text (khuyencong.inputs.report_meta).
TEXT_REPORT_KEYS = ("document", "causes", "recommendations", "closing")
TEXT_KEYS = ("source_id", "period_start", "period_end", *TEXT_LIST_KEYS, *TEXT_REPORT_KEYS)

# Keys of a programme's YAML (data/programmes/<programme>.yaml).
PROGRAMME_REQUIRED_KEYS = (
    "id",
    "province",
    "title",
    "decision_number",
    "decision_date",
    "period_start",
    "period_end",
    "source_id",
    "stated_totals",
)
# Optional lists of paragraphs quoted from the programme's decision (its viewpoints, general
# objective and solutions): checked as the texts' lists are (plain strings, no figures).
PROGRAMME_TEXT_LIST_KEYS = ("viewpoints", "general_objectives", "solutions")
