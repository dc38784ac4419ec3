"""The benchmark's result files (tools/bench.py): results.csv and a bar
chart, results.svg.  `rows` are (op, anvil (min, median) or None, Linux
(min, median) or None, Linux/anvil ratio or None), in one unit.
"""
import csv
import os


def fmt(v):
    return "n/a" if v is None else str(v)



def write_csv(out_dir, rows, unit, boot):
    """results.csv: one row per operation, then the boot figures."""
    with open(os.path.join(out_dir, "results.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["op", "anvil_min", "anvil_median", "linux_min",
                    "linux_median", "linux_over_anvil", "unit"])
        for op, a, lx, r in rows:
            w.writerow([op, *(a or ("", "")), *(lx or ("", "")),
                        "" if r is None else f"{r:.2f}", unit])
        # The boot figures: one value each, anvil's column.
        for op, key, scale, u in (
                ("boot_to_ring3", "instr", 1, "guest instructions (-icount shift=0)"),
                ("boot_to_ring3_tcg", "tcg_ms", 1, "ms (plain TCG)"),
                ("boot_wall_to_init_line", "anvil_s", 1000, "ms wall (plain TCG)"),
                ("boot_wall_calibration_kernel", "calib_s", 1000, "ms wall (plain TCG)")):
            if key in boot:
                v = round(boot[key] * scale)
                w.writerow([op, v, v, "", "", "", u])


def write_svg(out_dir, rows, unit):
    """Horizontal bars, two per operation (anvil, Linux), medians."""
    bar, gap, left, width = 14, 12, 150, 420
    top = 48
    height = top + len(rows) * (2 * bar + gap) + 30
    vals = [v[1] for _, a, lx, _ in rows for v in (a, lx) if v and v[1]]
    scale = width / max(vals) if vals else 0
    colours = {"anvil": "#d9822b", "Linux": "#3a6ea5"}
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 90}" '
           f'height="{height}" font-family="sans-serif" font-size="12">',
           f'<text x="10" y="18" font-size="14">System call cost, median '
           f'({unit})</text>']
    for i, (name, colour) in enumerate(colours.items()):
        out.append(f'<rect x="{left + i * 80}" y="26" width="10" height="10" '
                   f'fill="{colour}"/><text x="{left + i * 80 + 14}" y="35">'
                   f'{name}</text>')
    y = top
    for op, a, lx, _ in rows:
        out.append(f'<text x="{left - 6}" y="{y + bar + 4}" '
                   f'text-anchor="end">{op}</text>')
        for v, colour in ((a, colours["anvil"]), (lx, colours["Linux"])):
            med = v[1] if v else None
            w = max(1, round(max(med, 0) * scale)) if med is not None else 0
            out.append(f'<rect x="{left}" y="{y}" width="{w}" height="{bar - 2}" '
                       f'fill="{colour}"/>')
            out.append(f'<text x="{left + w + 4}" y="{y + bar - 4}">'
                       f'{fmt(med)}</text>')
            y += bar
        y += gap
    out.append("</svg>")
    with open(os.path.join(out_dir, "results.svg"), "w") as f:
        f.write("\n".join(out) + "\n")
