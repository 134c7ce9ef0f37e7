"""The report's plots: matplotlib drawn to SVG, embedded inline, with no words inside.

matplotlib cannot shape Urdu (no raqm here, and Nastaliq needs real shaping, which
python-bidi + arabic-reshaper's presentation forms do not give), so a plot carries only
numbers, participant codes and item numbers; its title, legend and labels are HTML
around it in the document's language. Text is drawn as paths (no font reference), ids
are seeded, metadata is dropped: the same figures give the same bytes, and nothing is
fetched.
"""

from __future__ import annotations

import base64
import io
import re

PRE, POST = "#9aa9bd", "#1f5fa8"


def _pyplot():
    import matplotlib

    matplotlib.use("svg")
    import matplotlib.pyplot as plt

    plt.rcParams.update({"svg.fonttype": "path", "svg.hashsalt": "tipsom", "font.family": "DejaVu Sans",
                         "font.size": 9, "axes.spines.top": False, "axes.spines.right": False})
    return plt


def _svg(fig) -> str:
    """The figure as an <img> holding its SVG as a data: URI (inline in the page, fetched from nowhere)."""
    out = io.StringIO()
    fig.savefig(out, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight")
    _pyplot().close(fig)
    svg = re.sub(r"^.*?(<svg)", r"\1", out.getvalue(), flags=re.S)  # drop the XML prologue and doctype
    width = re.search(r'width="([\d.]+)pt"', svg)
    style = f' style="width:{float(width[1]) * 1.333:.0f}px"' if width else ""
    return f'<img alt="" class="svg"{style} src="data:image/svg+xml;base64,{base64.b64encode(svg.encode()).decode()}">'


def histogram(pre: list[int], post: list[int], bins: list[str]) -> str:
    """Participants per score band, before (light) and after (dark)."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(4.2, 1.9))
    x = range(len(bins))
    ax.bar([i - 0.2 for i in x], pre, width=0.4, color=PRE)
    ax.bar([i + 0.2 for i in x], post, width=0.4, color=POST)
    ax.set_xticks(list(x), bins)
    ax.yaxis.get_major_locator().set_params(integer=True)
    return _svg(fig)


def item_bars(numbers: list, pre: list[float | None], post: list[float | None]) -> str:
    """Share right per item or objective (percent), before and after, labelled as given (A3,
    who-investigates/1), in the order given (worst first)."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(4.6, 0.28 * len(numbers) + 0.5))
    y = list(range(len(numbers)))[::-1]
    ax.barh([v + 0.2 for v in y], [p or 0 for p in pre], height=0.4, color=PRE)
    ax.barh([v - 0.2 for v in y], [p or 0 for p in post], height=0.4, color=POST)
    ax.set_yticks(y, [str(n) for n in numbers])
    ax.tick_params(axis="y", labelsize=7)
    ax.set_xlim(0, 100)
    ax.set_xticks([0, 25, 50, 75, 100], ["0%", "25%", "50%", "75%", "100%"])
    return _svg(fig)


def gain_dots(codes: list[str], pre: list[float], post: list[float]) -> str:
    """Each participant's pre and post score joined by a line (codes only)."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(4.6, 0.2 * len(codes) + 0.5))
    y = list(range(len(codes)))[::-1]
    for yy, a, b in zip(y, pre, post, strict=False):
        ax.plot([a, b], [yy, yy], color="#bbbbbb", linewidth=1, zorder=1)
    ax.scatter(pre, y, color=PRE, s=14, zorder=2)
    ax.scatter(post, y, color=POST, s=14, zorder=3)
    ax.set_yticks(y, codes)
    ax.tick_params(axis="y", labelsize=7)
    ax.set_xlim(-2, 102)
    return _svg(fig)


def scale_bars(ids: list[str], means: list[float | None]) -> str:
    """The evaluation's mean per scale (1 to 5), numbered S1, S2..."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(4.2, 0.3 * len(ids) + 0.5))
    y = list(range(len(ids)))[::-1]
    ax.barh(y, [m or 0 for m in means], height=0.55, color=POST)
    ax.set_yticks(y, [f"S{i + 1}" for i in range(len(ids))])
    ax.set_xlim(1, 5)
    ax.set_xticks([1, 2, 3, 4, 5])
    return _svg(fig)
