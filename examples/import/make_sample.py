#!/usr/bin/env python3
"""Writes 得分汇总表-2025-07.xlsx, the sample sheet of the README's walk-through: the
assessment office's July sheet for the example site's 35 units, one sheet per category,
a merged title, 加分/扣分 with their reasons, and the office's own 总分 and 排名
(computed here in decimal arithmetic, half-up, independently of `bulletin`).

The scores are June's (content/2025/06-units/scores.yaml) moved a little, so that the
places change. Run from the repository root: python3 examples/import/make_sample.py
"""
import os, re
from decimal import Decimal as D, ROUND_HALF_UP
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
JUNE = os.path.join(ROOT, "content/2025/06-units/scores.yaml")
OUT = os.path.join(ROOT, "examples/import/得分汇总表-2025-07.xlsx")


def flow(text):
    inner = text.strip().strip("[]").strip().strip("{}").strip()
    out = {}
    for part in inner.split(","):
        k, v = part.split(":", 1)
        out[k.strip()] = v.strip()
    return out


def parse(path):
    cats, entries, cat, entry, list_key = [], [], None, None, None
    for line in open(path, encoding="utf-8"):
        s = line.rstrip("\n")
        if s.startswith("entries:"):
            cat = None
            continue
        m = re.match(r"  - id: (\S+)$", s)
        if m and cat is None and entries is not None and cats and s and "indicators" not in s:
            entry = {"id": m.group(1), "bonus": [], "deductions": [], "weights": {}}
            entries.append(entry)
            continue
        if entry is None:
            m = re.match(r"  - id: (\S+)$", s)
            if m:
                cat = {"id": m.group(1), "indicators": []}
                cats.append(cat)
                cat = cat
            elif cat is not None and (m := re.match(r"    name: (.+)$", s)):
                cats[-1]["name"] = m.group(1)
            elif cat is not None and (m := re.match(r"      - (\{.*\})$", s)):
                cats[-1]["indicators"].append(flow(m.group(1)))
            elif s.startswith("entries:"):
                cat = None
            continue
        m = re.match(r"    (\w+):\s*(.*)$", s)
        if m:
            key, value = m.groups()
            list_key = None
            if key in ("name", "category", "note"):
                entry[key] = value
            elif key in ("scores", "weights"):
                entry[key] = flow(value)
            elif key in ("bonus", "deductions"):
                if value.startswith("["):
                    entry[key].append(flow(value))
                else:
                    list_key = key
            continue
        m = re.match(r"      - (\{.*\})$", s)
        if m and list_key:
            entry[list_key].append(flow(m.group(1)))
    return cats, entries


def main():
    cats, entries = parse(JUNE)
    wb = Workbook()
    wb.remove(wb.active)
    for ci, cat in enumerate(cats):
        ws = wb.create_sheet(cat["name"])
        inds = cat["indicators"]
        head = ["序号", "单位名称"] + [f"{i['name']}（{i['weight']}分）" for i in inds] + \
               ["加分", "加分事由", "扣分", "扣分事由", "总分", "排名", "备注"]
        ws.cell(1, 1, f"望川新区2025年7月{cat['name']}绩效考核得分汇总表").font = Font(bold=True, size=16)
        ws.cell(1, 1).alignment = Alignment(horizontal="center")
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(head))
        for c, h in enumerate(head):
            ws.cell(2, c + 1, h).font = Font(bold=True)
        members = [e for e in entries if e["category"] == cat["id"]]
        rows = []
        for k, e in enumerate(members):
            scores = []
            for j, ind in enumerate(inds):
                s = D(e["scores"][ind["id"]]) + D((k * 37 + j * 11 + ci * 5) % 7 - 3) / 2
                scores.append(min(s, D(100)))
            weights = [D(e["weights"].get(i["id"], i["weight"])) for i in inds]
            bonus = sum((D(b["points"]) for b in e["bonus"]), D(0))
            ded = sum((D(d["points"]) for d in e["deductions"]), D(0))
            total = sum(s * w for s, w in zip(scores, weights)) / 100 + bonus - ded
            total = total.quantize(D("0.01"), rounding=ROUND_HALF_UP)
            rows.append((e, scores, bonus, ded, total))
        totals = sorted((r[4] for r in rows), reverse=True)
        for k, (e, scores, bonus, ded, total) in enumerate(rows):
            r = 3 + k
            values = [k + 1, e["name"]] + [float(s) for s in scores] + [
                float(bonus) if bonus else None,
                "；".join(b["reason"] for b in e["bonus"]) or None,
                float(ded) if ded else None,
                "；".join(d["reason"] for d in e["deductions"]) or None,
                float(total), totals.index(total) + 1, e.get("note")]
            for c, v in enumerate(values):
                if v is not None:
                    ws.cell(r, c + 1, v)
    wb.save(OUT)


if __name__ == "__main__":
    main()
