"""Draws the side-by-side chart of docs/benchmarks.md from the JSON files that scripts/benchmark-tasks and
scripts/benchmark-exports write (<work-dir>/results-<benchmark>-<UTC time>.json): grouped bars of the medians per
workload and variant, as a PNG.

usage: bench_chart.py [--tasks TASKS.json] [--exports EXPORTS.json] [--type JSON] --out docs/images/NAME.png

Panels: throughput in tasks/s (import, list, list ids, consume), the export download in tasks/s (of the type --type), and the
peak RSS of the client process in MB. For the export, "camel" is camel-file and "curl" is curl-file: like the SDKs,
they write the download to a file. A variant that has no value for a workload gets no bar. Needs matplotlib
(scripts/benchmark-* make a pinned venv for it, see lib/benchmark-common.sh: bench_venv).
"""
import argparse
import json
import statistics

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

VARIANTS = ["camel", "curl", "legacy-sdk", "sdk"]
COLORS = {"camel": "#d9822b", "curl": "#7f7f7f", "legacy-sdk": "#4c72b0", "sdk": "#55a868"}
EXPORT_ALIASES = {"camel-file": "camel", "curl-file": "curl", "legacy-sdk": "legacy-sdk", "sdk": "sdk"}


def median(rows, key):
    values = [r[key] for r in rows if isinstance(r.get(key), (int, float))]
    return statistics.median(values) if values else None


def grouped(ax, workloads, values, title, ylabel, fmt):
    """values: {workload: {variant: number or None}}."""
    width = 0.8 / len(VARIANTS)
    for i, variant in enumerate(VARIANTS):
        xs, ys = [], []
        for j, w in enumerate(workloads):
            v = values.get(w, {}).get(variant)
            if v is not None:
                xs.append(j + (i - (len(VARIANTS) - 1) / 2) * width)
                ys.append(v)
        bars = ax.bar(xs, ys, width, label=variant, color=COLORS[variant])
        for b, y in zip(bars, ys):
            ax.annotate(fmt % y, (b.get_x() + b.get_width() / 2, b.get_height()), ha="center", va="bottom",
                        fontsize=7, xytext=(0, 2), textcoords="offset points")
    ax.set_xticks(range(len(workloads)))
    ax.set_xticklabels(workloads)
    ax.set_title(title, fontsize=10)
    ax.set_ylabel(ylabel)
    ax.margins(y=0.15)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--tasks")
    p.add_argument("--exports")
    p.add_argument("--type", default="JSON")
    p.add_argument("--out", required=True)
    args = p.parse_args()
    if not args.tasks and not args.exports:
        p.error("give --tasks and/or --exports")

    tps, rss, notes = {}, {}, []
    if args.tasks:
        doc = json.load(open(args.tasks))
        rows = doc["results"]
        n = rows[0]["tasks"] if rows else 0
        notes.append("tasks: %s tasks, %d run(s)" % (f"{n:,}", max((int(r["run"]) for r in rows), default=0)))
        for key, label in (("import_tps", "import"), ("list_tps", "list"), ("list_ids_tps", "list ids"),
                           ("consume_tps", "consume")):
            tps[label] = {v: median([r for r in rows if r["variant"] == v], key) for v in VARIANTS}
        for key, label in (("rss_import_mb", "import"), ("rss_list_mb", "list"), ("rss_list_ids_mb", "list ids"),
                           ("rss_consume_mb", "consume")):
            rss[label] = {v: median([r for r in rows if r["variant"] == v], key) for v in VARIANTS}
        # camel measures one JVM for import and list together
        camel = median([r for r in rows if r["variant"] == "camel"], "rss_peak_mb")
        rss["all steps\n(camel: 1 JVM)"] = {"camel": camel}
    export = {}
    if args.exports:
        doc = json.load(open(args.exports))
        rows = [r for r in doc["results"] if r.get("type") == args.type]
        n = rows[0]["tasks"] if rows else 0
        notes.append("export: %s tasks, %s, %d run(s)" % (f"{n:,}", args.type,
                                                         max((int(r["run"]) for r in rows), default=0)))
        label = "download %s" % args.type
        export[label] = {}
        rss["export\n" + args.type] = {}
        for variant, alias in EXPORT_ALIASES.items():
            mine = [r for r in rows if r["variant"] == variant]
            export[label][alias] = median(mine, "tps")
            rss["export\n" + args.type][alias] = median(mine, "rss_peak_mb")

    panels = [x for x in (tps and "tps", export and "export", rss and "rss") if x]
    widths = {"tps": 3, "export": 1.3, "rss": 4}
    fig, axes = plt.subplots(1, len(panels), figsize=(4.2 * len(panels) + 2, 4.6),
                             gridspec_kw={"width_ratios": [widths[x] for x in panels]})
    axes = [axes] if len(panels) == 1 else list(axes)
    for ax, panel in zip(axes, panels):
        if panel == "tps":
            grouped(ax, list(tps), tps, "Import and listing (median tasks/s, higher is better)", "tasks/s", "%.0f")
        elif panel == "export":
            grouped(ax, list(export), export, "Export download\n(median tasks/s)", "tasks/s", "%.0f")
        else:
            grouped(ax, list(rss), rss, "Peak RSS of the client process (median MB, lower is better)", "MB",
                    "%.0f")
            for lbl in ax.get_xticklabels():
                lbl.set_fontsize(8)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=len(VARIANTS), fontsize=9)
    fig.suptitle("camel-labelstudio vs raw HTTP (curl) vs the Python SDKs, Label Studio 1.23.2 (%s)"
                 % "; ".join(notes), fontsize=10)
    fig.tight_layout(rect=(0, 0.06, 1, 1))
    fig.savefig(args.out, dpi=110)
    print("bench_chart: wrote %s" % args.out)


if __name__ == "__main__":
    main()
