"""Leaving out what the data cannot fill (khuyencong.outputs.prune)."""

from __future__ import annotations

from khuyencong.outputs.prune import prune_markdown

PAGE = """# Kết quả

## Kinh phí

```{glue:md} tbl_funding
:format: myst
```

## So sánh với kế hoạch

{glue:md}`plan_sentence`

```{glue:md} tbl_plan
:format: myst
```

### Tiến độ so với mục tiêu cả giai đoạn

```{glue:md} tbl_progress
:format: myst
```

## So sánh với năm trước

```{glue:figure} fig_prev
:name: fig-prev

Kinh phí hai năm
```

## Đánh giá

Đoạn văn.
"""


def test_missing_blocks_and_their_empty_headings_are_left_out():
    out = prune_markdown(PAGE, {"tbl_funding", "plan_sentence"})
    assert "tbl_plan" not in out and "tbl_progress" not in out and "fig_prev" not in out
    assert "### Tiến độ" not in out  # its only block was missing
    assert "## So sánh với năm trước" not in out  # its only figure was missing
    assert "## So sánh với kế hoạch" in out  # it keeps a sentence
    assert "## Đánh giá" in out and "# Kết quả" in out


def test_a_missing_sentence_alone_in_its_paragraph_goes_with_its_heading():
    text = "# A\n\nx\n\n## Theo kịp mục tiêu\n\n{glue:md}`track_sentence`\n\n## B\n\ny\n"
    assert prune_markdown(text, set()) == "# A\n\nx\n\n## B\n\ny\n"
    assert prune_markdown(text, {"track_sentence"}) == text


def test_nothing_changes_when_everything_was_glued():
    names = {"tbl_funding", "plan_sentence", "tbl_plan", "tbl_progress", "fig_prev"}
    assert prune_markdown(PAGE, names) == PAGE


def test_a_heading_whose_subsections_are_all_empty_goes():
    text = "# A\n\ntext\n\n## B\n\n### C\n\n## D\n\nx\n"
    assert prune_markdown(text, set()) == "# A\n\ntext\n\n## D\n\nx\n"
    assert prune_markdown("# A\n\n## B\n", set(), last=True).strip() == ""


def test_the_output_walker_catches_empty_headings_and_columns():
    """The checks of tests/test_no_filler.py fail on what they look for."""
    from bs4 import BeautifulSoup
    from test_no_filler import empty_columns, headings_problems

    html = (
        "<article><h1>T</h1><p>x</p><section><h2>A</h2></section>"
        "<section><h2>B</h2><div><p>y</p></div><h3>C</h3></section></article>"
    )
    assert headings_problems(BeautifulSoup(html, "html.parser").article) == [
        "'A' rồi 'B'",
        "'C' rồi '(hết trang)'",
    ]
    table = (
        "<table><tbody><tr><td>a</td><td>—</td></tr><tr><td>b</td><td></td></tr></tbody></table>"
    )
    assert empty_columns(BeautifulSoup(table, "html.parser").table) == [1]


def test_a_sentence_with_a_missing_fact_is_left_out_never_printed_with_a_gap():
    """Issue 18: "— được phê duyệt tại —" came from a template sentence whose facts were missing."""
    text = (
        "# Chương trình\n\n"
        "**{glue:md}`title`** được phê duyệt tại {glue:md}`decision`, thực hiện trong\n"
        "giai đoạn {glue:md}`period`.\n\n"
        "- Mục tiêu: {glue:md}`goal`\n"
        "- Tỉnh {glue:md}`province_name`\n\n"
        "Đoạn có đủ số liệu: {glue:md}`province_name`.\n"
    )
    out = prune_markdown(text, {"province_name"})
    assert "được phê duyệt" not in out and "Mục tiêu" not in out
    assert "- Tỉnh {glue:md}`province_name`" in out
    assert "Đoạn có đủ số liệu" in out and out.startswith("# Chương trình")
    assert prune_markdown(text, {"title", "decision", "period", "goal", "province_name"}) == text
