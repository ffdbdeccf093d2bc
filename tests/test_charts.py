"""Charts: one finishing for every chart (title, Vietnamese numbers on the value axis)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

from khuyencong.content import charts


def test_vertical_charts_label_the_value_axis_in_vietnamese_numbers():
    for fig in (
        charts.grouped_bars(
            ["A", "B"], {"Kế hoạch": [1500, 2], "Thực hiện": [7.5, 3]}, "T", "Triệu đồng"
        ),
        charts.stacked_bars(["A", "B"], {"Vốn": [1500, 2]}, "T", "Triệu đồng"),
    ):
        ax = fig.axes[0]
        assert ax.get_title() == "T"
        assert ax.get_ylabel() == "Triệu đồng"
        fmt = ax.yaxis.get_major_formatter()
        assert fmt(1500, 0) == "1.500"
        assert fmt(2.5, 0) == "2,5"
        assert ax.get_legend() is not None


def test_horizontal_chart_labels_the_x_axis_and_has_no_legend():
    fig = charts.horizontal_bars(["Mộc", "Dệt"], [12.5, 1905], "T", "Triệu đồng")
    ax = fig.axes[0]
    assert ax.get_xlabel() == "Triệu đồng"
    assert ax.get_ylabel() == ""
    assert ax.xaxis.get_major_formatter()(1905, 0) == "1.905"
    assert ax.get_legend() is None
