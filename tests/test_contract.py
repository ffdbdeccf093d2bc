"""The documented data contract and the authored texts stay in step with the code."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from khuyencong.inputs.schemas import (
    PROGRAMME_REQUIRED_KEYS,
    PROGRAMME_TEXT_LIST_KEYS,
    TABLES,
    TEXT_LIST_KEYS,
)

PROJECT = Path(__file__).resolve().parents[1]


def test_every_column_is_documented():
    # schemas.py: "book/data-contract.md documents the same columns (a test keeps the two in step)":
    # one section per table, its columns in the schema's order
    doc = (PROJECT / "book" / "data-contract.md").read_text(encoding="utf-8")
    for table in TABLES.values():
        section = re.search(rf"^## {re.escape(table.file)}.*?(?=^## |\Z)", doc, re.S | re.M)
        assert section, f"no section for {table.file}"
        documented = re.findall(r"^\| `([^`]+)` \|", section.group(0), re.M)
        assert documented == table.column_names, table.file


def test_every_programme_key_is_documented():
    page = (PROJECT / "book" / "data-contract.md").read_text(encoding="utf-8")
    section = page.split("## programmes/", 1)[1].split("\n## ", 1)[0]
    for key in (*PROGRAMME_REQUIRED_KEYS, *PROGRAMME_TEXT_LIST_KEYS):
        assert f"`{key}`" in section, key


def test_authored_texts_carry_no_figures():
    # Figures come from the tables through glue; a money amount or a percentage typed into
    # authored prose would drift from the data (years and legal references are fine).
    figure = re.compile(r"\d+[.,]\d+\s*(triệu|tỷ|%)|\d+\s*%|\d+\s*(triệu|tỷ) đồng")
    for path in sorted((PROJECT / "data" / "texts").glob("*/*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        for key in TEXT_LIST_KEYS:
            for item in doc.get(key) or []:
                assert not figure.search(item), (path.name, key, item)


def test_templates_are_committed_without_outputs():
    import nbformat

    for path in sorted((PROJECT / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        assert any("parameters" in c.metadata.get("tags", []) for c in nb.cells), path.name
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert not cell.outputs and cell.execution_count is None, path.name


def _vi(value: float) -> str:
    """A figure as Vietnamese prose writes it: 18437 -> 18.437, 3562.5 -> 3.562,5, 84.3 -> 84,3."""
    whole, _, frac = f"{value:.6f}".rstrip("0").rstrip(".").partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return grouped + (f",{frac}" if frac else "")


def seed_figures() -> set[str]:
    """Every figure of the data (and the sums and rates the chapters derive) that a hand could copy.

    Small whole numbers (under 100) are left out: they are also counts of documents, articles,
    day numbers; figures with a decimal part or of three digits and more are unmistakable.
    """
    from khuyencong.figures import metrics as m
    from khuyencong.inputs.dataset import load_dataset

    data = load_dataset(PROJECT / "data")
    values: list[float] = []
    for table, cols in {
        "funding": ("allocated", "disbursed"),
        "results": ("quantity", "budget"),
        "awards": ("dossiers", "units", "eligible", "recognised"),
        "indicators": ("value",),
        "claims": ("value",),
        "programme_plan": ("quantity", "budget"),
    }.items():
        for col in cols:
            values += [float(v) for v in data.tables[table][col].dropna()]
    for prog in data.programmes.values():
        values += [float(v) for v in prog["stated_totals"].values()]
        stated_years = prog.get("stated_year_totals", [])
        values += [float(r["budget"]) for r in stated_years]
        for source in ("national", "local"):  # the rounded year totals added up (18.437)
            values.append(
                sum(float(r["budget"]) for r in stated_years if r["fund_source"] == source)
            )
        plan = data.plan(prog["id"])
        years = m.plan_totals(plan)
        values += [float(v) for v in years.to_numpy().ravel()]
        values += [float(v) for v in years.sum().to_numpy()]
    for (province, year), _ in data.funding.groupby(["province", "year"]):
        rate = m.funding_totals(data.funding, province, year)["rate"]
        if rate is not None:
            values.append(round(rate, 1))
    return {_vi(v) for v in values if abs(v) >= 100 or v != int(v)}


def province_names() -> set[str]:
    from khuyencong.inputs.dataset import load_dataset

    ents = load_dataset(PROJECT / "data").entities
    provinces = ents[ents["kind"] == "province"]
    return set(provinces["name_vi"]) | set(provinces["entity"])


def shared_prose() -> list[tuple[str, str]]:
    """The prose every edition shares: book/ pages and the Markdown cells of the chapters."""
    import nbformat

    out = [(p.name, p.read_text(encoding="utf-8")) for p in sorted((PROJECT / "book").glob("*.md"))]
    for path in sorted((PROJECT / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        out += [(path.name, c.source) for c in nb.cells if c.cell_type == "markdown"]
    return out


def test_shared_pages_carry_no_seed_figure_and_no_province():
    from khuyencong.inputs.prose import figures_in

    figures, names = seed_figures(), province_names()
    # Sanity: the set holds what a hand copied before (seed 003 appendix, seed 000).
    assert {"18.437", "18.435", "3.562,5", "1.905", "84,3", "25.965"} <= figures
    found = []
    for name, text in shared_prose():
        text = text.replace("1 tỷ đồng = 1.000 triệu đồng", "")  # the unit, not a figure
        for fig in figures:
            if re.search(rf"(?<![\d.,]){re.escape(fig)}(?![\d]|[.,]\d)", text):
                found.append((name, fig))
        found += [(name, n) for n in names if n.casefold() in text.casefold()]
        if name.endswith(".ipynb"):
            found += [(name, f) for f in figures_in(text)]
    assert not found, found


def test_sources_page_is_generated_from_the_data(dataset):
    from khuyencong.content.sources_page import sources_markdown

    page = sources_markdown(dataset)
    for source_id, title in zip(
        dataset.sources["source_id"], dataset.sources["title"], strict=True
    ):
        assert f"`{source_id}`" in page
        assert title.split(" ")[0] in page
    # Seed 003's decision date, 2026-05-11, written the Vietnamese way.
    assert "11/5/2026" in page  # one date format: no leading zeros
