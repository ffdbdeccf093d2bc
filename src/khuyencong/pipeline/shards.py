"""A national site built on several machines: each builds a deterministic share of the editions
(`publish --shard K/N`), then one step gathers their editions and writes the home page
(`publish --merge`), so a CI job matrix goes as wide as it likes.

The share depends only on the list of editions (sorted by province and year, every N-th one),
never on timing or the machine, and an edition's bytes do not depend on the folder it was built
in, so the merged site equals a single machine's `publish` byte for byte.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from khuyencong.core.edition import Edition
from khuyencong.errors import InputError, ParameterError
from khuyencong.pipeline.swap import publish_dir

SHARD = re.compile(r"(\d+)/(\d+)")


def parse_shard(spec: str) -> tuple[int, int]:
    """`2/4` -> (2, 4): the second of four shares; K from 1 to N."""
    m = SHARD.fullmatch(spec.strip())
    if not m or not 1 <= int(m[1]) <= int(m[2]):
        raise ParameterError(f"Phần '{spec}' không hợp lệ (cần dạng K/N với 1 ≤ K ≤ N, ví dụ 1/4)")
    return int(m[1]), int(m[2])


def share(editions: list[Edition], k: int, n: int) -> list[Edition]:
    """The editions shard K of N builds: every N-th of the list sorted by province and folder
    name (years and periods alike), starting at the K-th."""
    ordered = sorted(editions, key=lambda ed: (ed.province, ed.label))
    return [ed for i, ed in enumerate(ordered) if i % n == k - 1]


def shard_editions(site: Path) -> list[Path]:
    """The edition folders (`<province>/<edition>/` with an index.html) a shard published."""
    return sorted(
        folder
        for province in site.iterdir()
        if province.is_dir() and not province.name.startswith(".")
        for folder in province.iterdir()
        if folder.is_dir() and not folder.name.startswith(".") and (folder / "index.html").exists()
    )


def gather(site: Path, shards: list[Path], say: Callable[[str], None] = print) -> list[Path]:
    """Copy every shard's editions into `site` (each swapped in whole); an edition found in two
    shards is refused, as the shares never overlap."""
    found: dict[Path, Path] = {}
    for shard in shards:
        if not (shard.is_dir()):
            raise InputError(f"Không có thư mục kết quả của phần: {shard.name}")
        for folder in shard_editions(shard):
            rel = folder.relative_to(shard)
            if rel in found:
                raise InputError(
                    f"Ấn phẩm {rel.as_posix()} có trong hai phần ({found[rel].name}, "
                    f"{shard.name}); các phần không được trùng nhau."
                )
            found[rel] = shard
    for rel, shard in sorted(found.items()):
        say(f"   gộp {rel.as_posix()}")
        publish_dir(shard / rel, site / rel)
    return [site / rel for rel in sorted(found)]
