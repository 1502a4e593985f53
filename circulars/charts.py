"""The circular's charts (matplotlib, drawn on the server as PNG): each department's 按期办结率 as bars
and the overdue cases by chain.

Chinese labels need a CJK font: matplotlib's own (DejaVu) has no Chinese glyphs and would draw empty
boxes. ``cjk_font`` finds one through matplotlib's font manager (Noto Sans CJK, WenQuanYi, Source Han,
SimHei…) or at the known Debian paths of fonts-noto-cjk; without one, ``draw`` returns None and the
document says the charts were left out, rather than printing boxes.
"""

from __future__ import annotations

import functools
import io
from pathlib import Path

# Faces with Chinese glyphs, preferred first; matched against the font manager's family names.
CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "SimHei",
    "Microsoft YaHei",
    "Noto Serif CJK SC",
)
DEBIAN_PATHS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
)


@functools.cache
def cjk_font() -> str | None:
    """The path of a font file with Chinese glyphs, or None (then no chart is drawn)."""
    try:
        from matplotlib import font_manager
    except ImportError:
        return None
    by_family = {entry.name: entry.fname for entry in font_manager.fontManager.ttflist}
    for family in CJK_FAMILIES:
        if family in by_family:
            return by_family[family]
    return next((path for path in DEBIAN_PATHS if Path(path).exists()), None)


def _bars(labels: list[str], values: list[float], *, title: str, unit: str, color: str) -> bytes | None:
    font = cjk_font()
    if font is None or not labels:
        return None
    import matplotlib

    matplotlib.use("Agg")  # no display on a server
    from matplotlib import font_manager
    from matplotlib.figure import Figure

    prop = font_manager.FontProperties(fname=font)
    height = max(2.4, 0.38 * len(labels) + 1.2)
    figure = Figure(figsize=(6.3, height), dpi=150)
    axes = figure.add_subplot()
    positions = list(range(len(labels)))[::-1]  # the first label at the top
    bars = axes.barh(positions, values, color=color, height=0.6)
    axes.set_yticks(positions, labels, fontproperties=prop, fontsize=9)
    axes.set_title(title, fontproperties=prop, fontsize=11)
    axes.set_xlabel(unit, fontproperties=prop, fontsize=9)
    axes.spines[["top", "right"]].set_visible(False)
    for bar, value in zip(bars, values, strict=True):
        text = f"{value:.1f}" if isinstance(value, float) else str(value)
        axes.text(bar.get_width(), bar.get_y() + bar.get_height() / 2, f" {text}", va="center", fontsize=8)
    top = max(values) if values else 1
    axes.set_xlim(0, max(top * 1.15, 1))
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()


def on_time_chart(figures: dict) -> bytes | None:
    """Each department's 按期办结率 (departments without the rate left out), highest first."""
    rows = [row for row in figures["departments"] if row["on_time_rate"] is not None]
    rows.sort(key=lambda row: (-float(row["on_time_rate"]), row["name"]))
    return _bars(
        [row["name"] for row in rows],
        [float(row["on_time_rate"]) for row in rows],
        title="各单位按期办结率",
        unit="%",
        color="#2f6db5",
    )


def overdue_chart(figures: dict) -> bytes | None:
    """Open cases overdue now, per chain (chains without any left out), most first."""
    rows = [row for row in figures["chains"] if row["open_overdue"]]
    rows.sort(key=lambda row: (-row["open_overdue"], row["name"]))
    return _bars(
        [row["name"] or "未关联产业链" for row in rows],
        [row["open_overdue"] for row in rows],
        title="各产业链逾期事项数",
        unit="件",
        color="#c0392b",
    )
