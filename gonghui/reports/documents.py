"""The binder's Word documents: the cover with its table of contents, and the year's plan with the
proof of every schedule item."""

import functools
import io
import re
from datetime import date

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from gonghui.reports.registry import BOOKS

PAGES_NOTE = (
    "页数为估算：每本台帐按其每页行数（{rules}）折算，不足一页按一页计；"
    "实际页数以打印设置为准。封面与计划不计入。"
)


# The styles these documents use; the template keeps them, what they are based on or linked to, and
# the defaults, and drops the rest.
USED_STYLES = ("Normal", "Title", "Heading 1", "Table Grid", "List Bullet")
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


@functools.cache
def _template() -> bytes:
    """python-docx's default template, slimmed once per process: its styles.xml and the Word 2010
    copy of it (stylesWithEffects.xml) are 438 KB each, so every document parsed, serialised and
    deflated 0.9 MB of styles it never uses — most of a binder's cover and plan. The styles kept are
    the same elements, so the documents look as before."""
    document = Document()
    style = document.styles["Normal"]
    style.font.size = Pt(11)
    style.font.name = "SimSun"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "SimSun")  # Word needs the East Asian font named too
    styles = document.styles.element
    by_id = {element.get(qn("w:styleId")): element for element in styles.findall(qn("w:style"))}
    wanted = [document.styles[name].element for name in USED_STYLES]
    wanted += [element for element in by_id.values() if element.get(qn("w:default")) == "1"]
    kept = set()
    while wanted:
        element = wanted.pop()
        if element is None or element.get(qn("w:styleId")) in kept:
            continue
        kept.add(element.get(qn("w:styleId")))
        for link in ("w:basedOn", "w:link", "w:next"):
            ref = element.find(qn(link))
            if ref is not None:
                wanted.append(by_id.get(ref.get(qn("w:val"))))
    for style_id, element in by_id.items():
        if style_id not in kept:
            styles.remove(element)
    for rel_id, rel in list(document.part.rels.items()):
        if rel.reltype == STYLES_WITH_EFFECTS:
            del document.part.rels[rel_id]
    return _bytes(document)


def _document() -> Document:
    return Document(io.BytesIO(_template()))


def _table(document, headers, rows):
    rows = [headers, *rows]
    table = document.add_table(rows=len(rows), cols=len(headers))
    table.style = "Table Grid"
    # The cells are written as XML straight into each cell's empty paragraph: python-docx's
    # `cell.text =` (and `row.cells`, which walks the whole grid on every call) took most of a
    # binder's plan and cover. A grid without merged cells is its <w:tc> elements in order.
    cells = list(table._tbl.iter(qn("w:tc")))
    width = len(headers)
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            _write_cell(cells[r * width + c], str(value), bold=r == 0)
    return table


def _child(parent, tag: str):
    child = parent.makeelement(qn(tag), {})
    parent.append(child)
    return child


LINE_BREAKS = re.compile(r"(\r\n|[\n\r\t])")


def _write_cell(tc, text: str, *, bold: bool = False) -> None:
    """One run of text in the cell's paragraph, as python-docx's `cell.text =` writes it: line breaks
    as <w:br/>, tabs as <w:tab/>, spaces kept."""
    run = _child(tc.find(qn("w:p")), "w:r")
    if bold:
        _child(_child(run, "w:rPr"), "w:b")
    for piece in LINE_BREAKS.split(text):
        if piece == "\t":
            _child(run, "w:tab")
        elif piece in ("\n", "\r", "\r\n"):
            _child(run, "w:br")
        elif piece:
            element = _child(run, "w:t")
            element.text = piece
            if piece != piece.strip():
                element.set(qn("xml:space"), "preserve")


def _bytes(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def cover_docx(
    *,
    org,
    year,
    parts,
    skipped,
    plan_name,
    evidence_count,
    missing_files,
    built_on: date,
    required_applies=True,
) -> bytes:
    """The cover: what the binder holds (ledger, book, records, estimated pages, file), what is missing."""
    document = _document()
    title = document.add_heading(f"{org.name}\n{year}年度工会工作台帐", level=0)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph(
        f"整理日期：{built_on:%Y年%m月%d日}　　记录截至生成之时，由工会工作台按登记记录生成。"
    )
    document.add_heading("目录", level=1)
    rows = [
        (n, part.ledger.title, part.ledger.book, part.count, part.pages, part.file_name)
        for n, part in enumerate(parts, 1)
    ]
    _table(document, ["序号", "台帐", "七簿三档三册", "记录数", "页数（估）", "文件"], rows)
    rules = "、".join(sorted({f"{part.ledger.title}{part.ledger.rows_per_page}行" for part in parts}))
    document.add_paragraph(PAGES_NOTE.format(rules=rules or "无"))
    document.add_paragraph(
        f"年度工作计划：{plan_name}" if plan_name else f"年度工作计划：{year}年没有已确认的工作计划。"
    )
    document.add_paragraph(f"佐证材料：{evidence_count} 个文件，按台帐分文件夹存放于“佐证材料”。")
    missing = [part for part in parts if part.ledger.required and not part.count and required_applies]
    document.add_heading("缺少的必备台帐", level=1)
    if not required_applies:
        document.add_paragraph("本部分是联合会本级的记录，必备台帐按基层工会检查，见各工会文件夹。")
    elif missing:
        for part in missing:
            document.add_paragraph(
                f"{part.ledger.title}（{part.ledger.book}）：{year}年没有记录。", style="List Bullet"
            )
    else:
        document.add_paragraph("无。")
    _books(document, parts)
    if skipped:
        document.add_heading("未收入的台帐", level=1)
        for ledger in skipped:
            document.add_paragraph(
                f"{ledger.title}：生成人没有查看权限，未收入本合订本。", style="List Bullet"
            )
    if missing_files:
        document.add_heading("找不到的附件", level=1)
        for name in missing_files[:50]:
            document.add_paragraph(name, style="List Bullet")
    return _bytes(document)


def _books(document, parts):
    """The 七簿三档三册 one by one: which ledger fills it, or that Gonghui has none for it yet."""
    document.add_heading("七簿三档三册对照", level=1)
    by_book = {}
    for part in parts:
        by_book.setdefault(part.ledger.book, []).append(part)
    rows = []
    for book in BOOKS:
        found = by_book.get(book, [])
        kept = "、".join(f"{p.ledger.title}（{p.count}条）" for p in found) or "本系统尚未建立，需另行整理"
        rows.append((book, kept))
    _table(document, ["簿册", "对应台帐"], rows)


def plan_docx(plan, items, targets) -> bytes:
    """The year's plan as filed: targets, then every schedule item with its status and proof."""
    document = _document()
    document.add_heading(str(plan), level=0)
    document.add_paragraph(f"{plan.org.name}　{plan.get_status_display()}")
    if plan.guiding_ideas:
        document.add_heading("指导思想", level=1)
        document.add_paragraph(plan.guiding_ideas)
    document.add_heading("目标", level=1)
    if targets:
        _table(document, ["目标", "要求"], [(t.text, t.goal_display()) for t in targets])
    else:
        document.add_paragraph("没有数字目标。")
    document.add_heading("月份安排及完成情况", level=1)
    rows = [(item.when_label, item.text, _status(item), _proof(item)) for item in items]
    if rows:
        _table(document, ["时间", "内容", "状态", "完成佐证"], rows)
    else:
        document.add_paragraph("没有月份安排。")
    return _bytes(document)


def _status(item) -> str:
    if item.status == "cancelled" and item.note:
        return f"已取消（{item.note}）"
    return item.get_status_display()


def _proof(item) -> str:
    lines = [evidence.describe() for evidence in item.evidence.all()]
    if item.no_trace_reason:
        lines.append(f"无需留痕：{item.no_trace_reason}")
    return "\n".join(lines) or ("无" if item.status == "done" else "")


def federation_cover_docx(*, org, year, summaries, built_on: date) -> bytes:
    """The federation binder's first page: one line per union folder, those missing ledgers marked."""
    document = _document()
    title = document.add_heading(f"{org.name}\n{year}年度基层工会台帐汇总", level=0)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph(
        f"整理日期：{built_on:%Y年%m月%d日}　　共 {len(summaries)} 个文件夹，每个文件夹内有其封面目录。"
    )
    rows = [
        (
            s["folder"],
            s["ledgers"],
            s["records"],
            s["pages"],
            "、".join(s["missing"]) or "无",
            s["evidence_files"],
            "有" if s["plan"] else "无",
        )
        for s in summaries
    ]
    _table(
        document, ["文件夹", "台帐数", "记录数", "页数（估）", "缺少的必备台帐", "佐证文件", "年度计划"], rows
    )
    lacking = sum(1 for s in summaries if s["missing"])
    document.add_paragraph(f"缺少必备台帐的：{lacking} 个。页数为估算，见各文件夹封面说明。")
    return _bytes(document)
