"""The command line: where it finds the project, its defaults, what it hands to each delegate.

Delegates are replaced by recorders here (a whole build is tested in test_build.py), so
these tests check the arguments each command passes on and the exit codes it returns.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner, Result

from khuyencong.cli import commands as cli
from khuyencong.cli.commands import main
from khuyencong.core.edition import Edition
from khuyencong.core.project import find_project
from khuyencong.core.request import BuildRequest, ProjectPaths, PublishRequest
from khuyencong.errors import KhuyenCongError, MissingDataError, ProjectNotFoundError
from khuyencong.inputs.availability import latest_year
from khuyencong.inputs.dataset import load_dataset
from khuyencong.pipeline import build as build_mod

PROJECT = Path(__file__).resolve().parents[1]


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


class Recorder:
    """Stands in for a delegate: remembers its arguments, returns a fixed value."""

    def __init__(self, result: object = None):
        self.result = result
        self.calls: list[tuple[tuple, dict]] = []

    def __call__(self, *args, **kwargs):
        self.calls.append((args, kwargs))
        return self.result


@pytest.fixture
def fake_build(monkeypatch, tmp_path) -> Recorder:
    rec = Recorder(tmp_path / "site" / "son-la" / "2025")
    # cli may import build_edition at module level or lazily: replace it in both places.
    monkeypatch.setattr(build_mod, "build_edition", rec)
    monkeypatch.setattr(cli, "build_edition", rec, raising=False)
    # An edition already published under the project's _build/ (after `make book`) must not
    # let the "nothing changed" shortcut answer instead of the delegate.
    monkeypatch.setattr("khuyencong.pipeline.fastpath.published_unchanged", lambda *a, **k: None)
    return rec


# --- project discovery -------------------------------------------------------------------------


def make_project(root: Path) -> Path:
    (root / "notebooks" / "sub").mkdir(parents=True)
    for name in ("_config.yml", "_toc.yml"):
        (root / name).write_text("", encoding="utf-8")
    return root


def test_find_project_walks_up_from_a_subfolder(tmp_path):
    root = make_project(tmp_path / "du-an")
    assert find_project(root / "notebooks" / "sub") == root.resolve()
    assert find_project(root) == root.resolve()
    assert find_project(tmp_path, explicit=root) == root.resolve()


def test_find_project_needs_both_files(tmp_path):
    (tmp_path / "_config.yml").write_text("", encoding="utf-8")  # no _toc.yml
    with pytest.raises(ProjectNotFoundError) as info:
        find_project(tmp_path)
    assert info.value.exit_code == 2 and isinstance(info.value, KhuyenCongError)
    assert "_toc.yml" in str(info.value) and "--project" in str(info.value)


def test_cli_outside_a_project_says_so_in_vietnamese(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("build", "--year", "2025")
    assert result.exit_code == 2
    assert "Không tìm thấy dự án sách báo cáo khuyến công" in result.output
    assert str(tmp_path.resolve()) in result.output
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)


def test_cli_project_option_must_be_a_project(tmp_path, monkeypatch):
    monkeypatch.chdir(PROJECT)
    result = invoke("--project", str(tmp_path), "clean")
    assert result.exit_code == 2
    assert f"Thư mục {tmp_path.resolve()} không phải thư mục dự án" in result.output


def test_build_from_a_subfolder_finds_the_project(fake_build, tmp_path, monkeypatch):
    monkeypatch.chdir(PROJECT / "notebooks")
    out = tmp_path / "out"
    result = invoke(
        "build", "--year", "2025", "--out", str(out), "--jobs", "3", "--strict", "--format", "html"
    )
    assert result.exit_code == 0, result.output
    [(args, _)] = fake_build.calls
    request = BuildRequest(Edition("son-la", 2025), fmt="html", strict=True, jobs=3)
    assert args == (request, ProjectPaths(PROJECT, PROJECT / "data", out))
    assert f"Xong: {tmp_path / 'site' / 'son-la' / '2025' / 'index.html'}" in result.output
    assert "Bản in" not in result.output  # html only: no PDF announced


def test_project_option_from_anywhere(fake_build, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("--project", str(PROJECT), "build", "--year", "2025")
    assert result.exit_code == 0, result.output
    [(args, _)] = fake_build.calls
    assert args == (BuildRequest(Edition("son-la", 2025)), ProjectPaths.resolve(PROJECT))
    assert args[1].out_root == PROJECT / "_build"
    assert f"Bản in: {tmp_path / 'site' / 'son-la' / '2025' / 'son-la-2025.pdf'}" in result.output


# --- --year default ----------------------------------------------------------------------------


def test_latest_year_of_son_la_is_2025(dataset):
    # data/: funding.csv has Sơn La rows for 2025 only, and texts/son-la/2025.yaml exists.
    assert latest_year(dataset, "son-la") == 2025


def test_latest_year_needs_funding_and_text(data_copy):
    with (data_copy / "funding.csv").open("a", encoding="utf-8") as f:
        for year in (2026, 2027):  # 2027: funding but no text yet
            f.write(f"son-la,{year},national,0,0,0,authored,\n")
            f.write(f"son-la,{year},local,100,90,1,authored,\n")
    (data_copy / "texts" / "son-la" / "2026.yaml").write_text(
        "source_id: authored\n", encoding="utf-8"
    )
    data = load_dataset(data_copy)
    assert latest_year(data, "son-la") == 2026
    with pytest.raises(MissingDataError, match="mien-bac-28"):
        latest_year(data, "mien-bac-28")  # a region: no funding rows of its own


def test_build_without_year_uses_the_latest(fake_build, monkeypatch):
    monkeypatch.chdir(PROJECT)
    result = invoke("build")
    assert result.exit_code == 0, result.output
    [(args, _)] = fake_build.calls
    assert args[0].edition == Edition("son-la", 2025)
    assert "Năm báo cáo: 2025" in result.output


def test_build_a_period_edition(fake_build, monkeypatch):
    from khuyencong.core.edition import Period

    monkeypatch.chdir(PROJECT)
    result = invoke("build", "--period", "2026-2028", "--format", "html")
    assert result.exit_code == 0, result.output
    [(args, _)] = fake_build.calls
    assert args[0] == BuildRequest(Edition("son-la", 2028, Period(2026, 2028)), fmt="html")
    assert args[1].of(args[0].edition).published == PROJECT / "_build/site/son-la/2026-2028"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--period", "2016_2020"], "Giai đoạn không hợp lệ: '2016_2020'"),
        (["--period", "2020-2016"], "Giai đoạn không hợp lệ"),
        (["--period", "2016-2020", "--year", "2025"], "Chỉ chọn một trong --year và --period"),
    ],
)
def test_a_bad_period_is_refused(fake_build, monkeypatch, options, message):
    monkeypatch.chdir(PROJECT)
    result = invoke("build", *options)
    assert result.exit_code == 2 and message in result.output
    assert fake_build.calls == []


def test_year_default_is_documented_in_help():
    result = invoke("build", "--help")
    assert "năm gần nhất có đủ dữ liệu" in " ".join(result.output.split())


def test_path_like_province_is_refused_before_the_year_lookup(fake_build, monkeypatch):
    monkeypatch.chdir(PROJECT)
    result = invoke("build", "--province", "../../etc")
    assert result.exit_code == 2 and "Mã tỉnh không hợp lệ" in result.output
    assert fake_build.calls == []


# --- --strict, --base-url, the nothing-changed path -------------------------------------------


def test_strict_refuses_a_mistyped_claim_with_exit_3(data_copy, tmp_path, monkeypatch):
    # Seed 004: 71,5 / 170,8 = 41,86% -> 41,9%; typed 45.0 by mistake, it no longer matches.
    claims = data_copy / "claims.csv"
    text = claims.read_text(encoding="utf-8")
    line = next(ln for ln in text.splitlines() if ln.startswith("mb28-2024-ty-trong-kcqg,"))
    assert ",41.9," in line
    claims.write_text(text.replace(line, line.replace(",41.9,", ",45.0,")), encoding="utf-8")
    monkeypatch.chdir(PROJECT)
    out = tmp_path / "out"
    result = invoke("build", "--strict", "--data-dir", str(data_copy), "--out", str(out))
    assert result.exit_code == 3, result.output
    assert "mb28-2024-ty-trong-kcqg: công bố 45, tính lại 41.86" in result.output
    # Refused before anything was staged or published (only the edition's lock file exists).
    assert not (out / "site").exists() and not (out / "staging").exists()


class Stop(Exception):
    pass


@pytest.mark.slow  # a workbook round trip or a whole command
def test_base_url_gives_each_edition_its_canonical_address(tmp_path, monkeypatch):
    seen = {}

    def stage(project, staging, config):
        seen["config"] = config
        raise Stop

    monkeypatch.setattr(build_mod, "stage_pages", stage)
    with pytest.raises(Stop):
        build_mod.build_edition(
            BuildRequest.of(
                "son-la", 2025, base_url="https://congthuong.sonla.gov.vn/khuyen-cong/"
            ),
            ProjectPaths.resolve(PROJECT, out_root=tmp_path),
            say=lambda s: None,
        )
    url = seen["config"]["sphinx"]["config"]["html_baseurl"]
    assert url == "https://congthuong.sonla.gov.vn/khuyen-cong/son-la/2025/"


def test_nothing_changed_keeps_the_published_edition(tmp_path, monkeypatch):
    rendered = []

    def render(paths, fmt, say, report_pdf=None):
        folder = tmp_path / f"rendered-{len(rendered)}"
        folder.mkdir()
        (folder / "index.html").write_text(f"lần {len(rendered)}", encoding="utf-8")
        rendered.append(folder)
        return folder

    monkeypatch.setattr(build_mod, "execute_all", lambda *a, **k: [])
    monkeypatch.setattr(build_mod, "render_edition", render)
    monkeypatch.setattr(build_mod, "make_report", lambda *a: [None, None])  # no LibreOffice here
    monkeypatch.setattr(build_mod, "publish_report", lambda *a: [])
    said: list[str] = []
    out = tmp_path / "_build"
    where = ProjectPaths.resolve(PROJECT, out_root=out)
    first = build_mod.build_edition(BuildRequest.of("son-la", 2025), where, say=said.append)
    again = build_mod.build_edition(BuildRequest.of("son-la", 2025), where, say=said.append)
    assert first == again == out / "site" / "son-la" / "2025"
    assert len(rendered) == 1  # the second build rendered nothing
    assert "[3/4] Không có gì thay đổi: giữ nguyên ấn phẩm đã xuất bản." in said
    assert (again / "index.html").read_text(encoding="utf-8") == "lần 0"
    # Another format is a change: it is rendered and published again.
    build_mod.build_edition(BuildRequest.of("son-la", 2025, fmt="html"), where, say=said.append)
    assert len(rendered) == 2
    assert (again / "index.html").read_text(encoding="utf-8") == "lần 1"


# --- clean and the other commands' delegation -------------------------------------------------


def build_folder_with_state(out: Path) -> None:
    """A build folder as builds leave it: cache, staging, snapshots, report, a published
    edition with its stamps, locks."""
    for folder in ("cache/abc", "staging/son-la/2025", "snapshots", "report/son-la/2025", "locks"):
        (out / folder).mkdir(parents=True)
        (out / folder / "f.txt").write_text("x", encoding="utf-8")
    edition = out / "site" / "son-la" / ".2025.gen-1"
    edition.mkdir(parents=True)
    (out / "site" / "son-la" / "2025").symlink_to(edition.name)
    for name in ("index.html", ".khuyencong-stamp", ".khuyencong-inputs"):
        (edition / name).write_text("x", encoding="utf-8")


def test_clean_removes_everything_a_build_skips_work_with_but_not_the_site(tmp_path, monkeypatch):
    monkeypatch.chdir(PROJECT)
    out = tmp_path / "_build"
    build_folder_with_state(out)
    result = invoke("clean", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["locks", "site"]
    edition = out / "site" / "son-la" / "2025"
    assert sorted(p.name for p in edition.iterdir()) == ["index.html"]  # the stamps are gone
    assert f"Đã xoá bộ nhớ đệm và thư mục tạm trong {out}" in result.output
    assert "lần dựng sau sẽ dựng lại từ đầu" in result.output


def test_clean_cache_only_keeps_snapshots_and_stamps(tmp_path, monkeypatch):
    monkeypatch.chdir(PROJECT)
    out = tmp_path / "_build"
    build_folder_with_state(out)
    result = invoke("clean", "--cache-only", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["locks", "report", "site", "snapshots"]
    edition = out / "site" / "son-la" / "2025"
    assert sorted(p.name for p in edition.iterdir()) == [
        ".khuyencong-inputs",
        ".khuyencong-stamp",
        "index.html",
    ]
    assert result.output.strip() == f"Đã xoá bộ nhớ đệm và thư mục tạm trong {out}"


def test_clean_defaults_to_the_project_build_folder(tmp_path, monkeypatch):
    project = make_project(tmp_path / "du-an")
    (project / "_build" / "staging").mkdir(parents=True)
    (project / "_build" / "site").mkdir()
    monkeypatch.chdir(project / "notebooks" / "sub")
    assert invoke("clean").exit_code == 0
    assert not (project / "_build" / "staging").exists() and (project / "_build" / "site").is_dir()


def test_publish_passes_its_options_on(tmp_path, monkeypatch):
    import khuyencong.pipeline.site as site

    rec = Recorder(tmp_path / "site" / "index.html")
    monkeypatch.setattr(site, "publish_all", rec)
    monkeypatch.chdir(PROJECT / "book")
    base = "https://example.gov.vn/kc"
    result = invoke(
        "publish",
        "--edition",
        "son-la/2025",
        "--data-dir",
        str(tmp_path / "d"),
        "--out",
        str(tmp_path / "o"),
        "--format",
        "html",
        "--jobs",
        "2",
        "--base-url",
        base,
        "--strict",
    )
    assert result.exit_code == 0, result.output
    [(args, _)] = rec.calls
    where = ProjectPaths(PROJECT, tmp_path / "d", tmp_path / "o")
    # the same options as build's, through the same kind of request
    request = PublishRequest((Edition("son-la", 2025),), "html", True, base, 2)
    assert request.build(Edition("son-la", 2025)) == BuildRequest(
        Edition("son-la", 2025), "html", strict=True, base_url=base, jobs=2
    )
    assert args == (where, request)
    assert f"Xong: {tmp_path / 'site' / 'index.html'}" in result.output


def test_publish_refuses_a_malformed_edition(monkeypatch):
    import khuyencong.pipeline.site as site

    rec = Recorder()
    monkeypatch.setattr(site, "publish_all", rec)
    monkeypatch.chdir(PROJECT)
    result = invoke("publish", "--edition", "son-la")
    assert result.exit_code == 2
    assert "Ấn phẩm 'son-la' không hợp lệ (cần dạng tỉnh/năm" in result.output
    assert rec.calls == []


def test_new_year_passes_its_options_on(tmp_path, monkeypatch):
    import khuyencong.inputs.scaffold as scaffold

    rec = Recorder([tmp_path / "funding.csv"])
    monkeypatch.setattr(scaffold, "write_draft", rec)
    monkeypatch.chdir(PROJECT / "notebooks")
    result = invoke("new-year", "--province", "son-la", "--year", "2026")
    assert result.exit_code == 0, result.output
    from khuyencong.figures.rules.progress import shortfalls_into

    # The draft is the year's plan plus the shortfalls carried over.
    assert rec.calls == [((PROJECT / "data", "son-la", 2026), {"carried": shortfalls_into})]
    assert str(tmp_path / "funding.csv") in result.output


def test_template_passes_its_options_on(tmp_path, monkeypatch):
    import khuyencong.inputs.workbook as workbook

    rec = Recorder((tmp_path / "x.xlsx", SimpleNamespace(origin="scaffold")))
    monkeypatch.setattr(workbook, "write_template", rec)
    monkeypatch.chdir(tmp_path)
    data = tmp_path / "d"
    result = invoke(
        "template", "--province", "son-la", "--year", "2026", "--force", "--data-dir", str(data)
    )
    assert result.exit_code == 0, result.output
    from khuyencong.figures.rules.progress import shortfalls_into

    assert rec.calls == [
        (
            (data, "son-la", 2026, Path("son-la-2026.xlsx")),
            {"force": True, "carried": shortfalls_into},
        )
    ]
    assert "điền sẵn theo kế hoạch chương trình" in result.output


def test_import_passes_its_options_on(tmp_path, monkeypatch):
    import khuyencong.pipeline.importing as workbook

    book = tmp_path / "son-la-2026.xlsx"
    book.write_bytes(b"")
    report = workbook.ImportReport("son-la", 2026, {"funding": 2, "results": 1}, [])
    rec = Recorder(report)
    monkeypatch.setattr(workbook, "import_workbook", rec)
    monkeypatch.chdir(PROJECT / "data")
    result = invoke("import", str(book))
    assert result.exit_code == 0, result.output
    assert len(rec.calls) == 1
    args, kwargs = rec.calls[0]
    assert args == (book, PROJECT / "data")
    assert kwargs["replace_empty"] is False
    assert "Đã nhập son-la năm 2026: 2 dòng funding, 1 dòng results." in result.output
    assert "dữ liệu không thay đổi" in result.output


def test_a_delegate_error_is_one_line_and_its_exit_code(monkeypatch, tmp_path):
    import khuyencong.inputs.scaffold as scaffold
    from khuyencong.errors import ExistingDataError

    def refuse(*args, **kwargs):
        raise ExistingDataError("Dữ liệu son-la năm 2025 đã có; không ghi đè.")

    monkeypatch.setattr(scaffold, "write_draft", refuse)
    result = invoke("new-year", "--province", "son-la", "--year", "2025", "--data-dir", "d")
    assert result.exit_code == 2
    assert result.output == "Lỗi: Dữ liệu son-la năm 2025 đã có; không ghi đè.\n"


# --- whole builds --------------------------------------------------------------------------------


@pytest.mark.slow
def test_cli_builds_from_a_subfolder_with_the_latest_year(tmp_path, monkeypatch):
    monkeypatch.chdir(PROJECT / "book")
    out = tmp_path / "out"
    result = invoke("build", "--format", "html", "--jobs", "2", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "Năm báo cáo: 2025" in result.output
    assert (out / "site" / "son-la" / "2025" / "index.html").is_file()
    assert not (PROJECT / "book" / "_build").exists()  # nothing written next to the cwd


@pytest.mark.slow
def test_publish_builds_the_home_page_with_canonical_addresses(tmp_path, monkeypatch):
    from bs4 import BeautifulSoup

    monkeypatch.chdir(PROJECT)
    out = tmp_path / "out"
    base = "https://congthuong.sonla.gov.vn/khuyen-cong"
    result = invoke(
        "publish", "--format", "html", "--jobs", "2", "--out", str(out), "--base-url", base
    )
    assert result.exit_code == 0, result.output
    site = out / "site"
    home = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert "son-la/2025/index.html" in {a["href"] for a in home.find_all("a")}
    page = site / "son-la" / "2025" / "notebooks" / "tong-quan.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    canonical = soup.find("link", rel="canonical")
    assert canonical and canonical["href"] == f"{base}/son-la/2025/notebooks/tong-quan.html"
    # Links stay relative: the base URL only names the canonical address.
    assert not [a for a in soup.find_all("a", href=True) if a["href"].startswith(base)]
    shutil.rmtree(out)
