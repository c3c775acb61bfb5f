"""The 录入 tab: the clerk's queue of scanned forms, one scan beside an empty form.

Enter saves the card (with its scan and the registration) and shows the next scan; Esc cancels only
the field being typed (ui.intake.form); 清空 (Ctrl+Shift+Del) asks before it empties the form and
Ctrl+Z brings it back once; F1 lists every shortcut. Whenever the tab is shown the cursor is in 姓名. The live 查重 runs a pause after typing: it is index-only (a few
milliseconds at a million cards, see services.customers.duplicates), so it runs on the GUI thread, which
keeps its result in step with what is on screen.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QSettings, Qt, QTimer, Slot
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from services.intake.form_reader import SURE
from services.intake.importer import write_template
from services.intake.scans import Queue, QueueItem
from services.intake.service import Decision, NeedsDecision
from services.platform.errors import ServiceError, ValidationError
from ui import files
from ui.context import Change, UiContext
from ui.errors import show_error
from ui.intake.batch_panel import BatchPanel
from ui.intake.duplicates import DuplicatePanel
from ui.intake.form import IntakeFormWidget
from ui.intake.importer import ImportRunner
from ui.intake.layout_marker import LayoutMarker
from ui.intake.prefill import ScanPrefill, apply_reading, field_widgets, page_key, withdraw
from ui.intake.preview import ImportPreviewDialog
from ui.intake.viewer import ScanViewer

SHORTCUTS = (
    ("Enter", QT_TRANSLATE_NOOP("HelpOverlay", "保存这张表并打开下一张扫描件")),
    ("Esc", QT_TRANSLATE_NOOP("HelpOverlay", "取消当前字段的输入或输入法的拼写(关闭本帮助)")),
    ("Ctrl+Shift+Del / Ctrl+Z", QT_TRANSLATE_NOOP("HelpOverlay", "清空表单(先询问)/ 恢复刚清空的表单")),
    ("Tab / Shift+Tab", QT_TRANSLATE_NOOP("HelpOverlay", "下一个 / 上一个字段")),
    ("Ctrl+O", QT_TRANSLATE_NOOP("HelpOverlay", "打开扫描件文件夹")),
    ("Ctrl+Shift+O", QT_TRANSLATE_NOOP("HelpOverlay", "打开 PDF 或图片")),
    ("PgDown / PgUp", QT_TRANSLATE_NOOP("HelpOverlay", "跳过这张 / 回到上一张扫描件")),
    ("Ctrl++ / Ctrl+- / Ctrl+0", QT_TRANSLATE_NOOP("HelpOverlay", "放大 / 缩小 / 适合窗口(也可按住 Ctrl 滚动滚轮)")),
    ("1 / 2 / 3", QT_TRANSLATE_NOOP("HelpOverlay", "查重时:合并 / 关联为家人 / 新建(Enter 不会合并)")),
    ("Alt+N / Alt+P", QT_TRANSLATE_NOOP("HelpOverlay", "跳到姓名 / 电话")),
    ("Ctrl+I", QT_TRANSLATE_NOOP("HelpOverlay", "导入 Excel")),
    ("F1", QT_TRANSLATE_NOOP("HelpOverlay", "显示或关闭本帮助")),
)


class HelpOverlay(QFrame):
    """A panel over the tab listing the shortcuts; F1 or Esc closes it."""

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("helpOverlay")
        self.setStyleSheet(
            "#helpOverlay { background: rgba(30, 30, 30, 225); border-radius: 8px; } QLabel { color: white; }"
        )
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("快捷键"))
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        layout.addWidget(title)
        rows = "".join(
            f"<tr><td style='padding-right:18px'><b>{keys}</b></td><td>{QCoreApplication.translate('HelpOverlay', text)}</td></tr>"
            for keys, text in SHORTCUTS
        )
        table = QLabel(f"<table cellspacing=4>{rows}</table>")
        table.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(table)
        layout.addStretch(1)
        self.hide()

    def toggle(self) -> None:
        if self.isVisible():
            self.hide()
            return
        parent = self.parentWidget()
        w, h = min(620, parent.width() - 40), min(460, parent.height() - 40)
        self.setGeometry((parent.width() - w) // 2, (parent.height() - h) // 2, w, h)
        self.show()
        self.raise_()


#: Per-PC setting: read each scan with OCR and pre-fill the form (a slow PC may switch it off).
READ_SCANS_KEY = "intake/readScans"
READ_SCANS_DEFAULT = True
#: Per-PC setting: the saved form layout the scans are read with ("" = find the fields by their labels).
FORM_KIND_KEY = "intake/formKind"


class IntakeTab(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.queue: Queue | None = None
        self.queue_path: str | None = None
        self.items: list[QueueItem] = []
        self.index = 0
        self.entered = 0

        self.viewer = ScanViewer()
        staff = ctx.services.org.staff()
        self.form = IntakeFormWidget(staff)
        self.duplicates = DuplicatePanel()
        self.save_button = QPushButton(self.tr("保存并下一张(Enter)"), objectName="save")
        # 拆分: a merge made by mistake can be taken back out the same day (services.intake.unmerge).
        self.unmerge_button = QPushButton(self.tr("拆分:刚才合并的表其实是另一个人"), objectName="unmerge")
        self.unmerge_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.unmerge_button.setAutoDefault(False)
        self.unmerge_button.hide()
        self.unmerge_button.clicked.connect(self.on_unmerge)
        self.merged_into: int | None = None
        self.save_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Enter anywhere saves; Tab skips it
        self.status = QLabel(objectName="status")
        self.status.setWordWrap(True)
        self.progress = QLabel(objectName="progress")
        self.current = QLabel(objectName="currentScan")
        self.help = HelpOverlay(self)
        self.importer = ImportRunner(ctx, self)
        self.staff = staff
        self.batch_panel = BatchPanel(ctx)
        self.prefill = ScanPrefill(ctx, lambda it: self.viewer.page_image(it.path, it.page, it.kind), self)
        self._prefilled: dict = {}  # field widget -> (reading, page size) of the shown scan
        self._unchecked: set = set()  # tinted (unsure) readings the clerk has not looked at yet

        bar = QHBoxLayout()
        for text, slot, name in (
            (self.tr("打开文件夹…"), self.on_open_folder, "openFolder"),
            (self.tr("打开文件…"), self.on_open_file, "openFile"),
            (self.tr("跳过"), self.on_next, "skip"),
            (self.tr("缩小"), self.viewer.zoom_out, "zoomOut"),
            (self.tr("放大"), self.viewer.zoom_in, "zoomIn"),
            (self.tr("适合窗口"), self.viewer.fit, "fit"),
            (self.tr("导入 Excel…"), self.on_import, "importExcel"),
            (self.tr("下载模板…"), self.on_template, "template"),
            (self.tr("清空表单"), self.on_clear, "clearForm"),
            (self.tr("帮助 F1"), self.help.toggle, "help"),
        ):
            b = QToolButton(objectName=name, text=text)
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            b.clicked.connect(slot)
            bar.addWidget(b)
        self.read_scans = QToolButton(objectName="readScans", text=self.tr("自动识别"), checkable=True)
        self.read_scans.setToolTip(self.tr("打开扫描件时自动识别文字并预填表单(本机设置)"))
        self.read_scans.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.read_scans.setChecked(QSettings().value(READ_SCANS_KEY, READ_SCANS_DEFAULT, type=bool))
        self.read_scans.toggled.connect(self.on_read_scans)
        bar.addWidget(self.read_scans)
        # The office's own form kinds: scans are read through the chosen kind's saved layout.
        self.form_kind = QComboBox(objectName="formKind")
        self.form_kind.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.form_kind.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.form_kind.setToolTip(self.tr("扫描件是哪种表格:按已保存的版式识别(先看标出的方框,再按栏目名称找)"))
        self.mark_button = QToolButton(objectName="markLayout", text=self.tr("标注版式…"))
        self.mark_button.setToolTip(self.tr("在扫描件上为每个栏目拖一个方框,保存为这种表格的版式"))
        self.mark_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.mark_button.clicked.connect(self.on_mark_layout)
        bar.addWidget(QLabel(self.tr("版式:")))
        bar.addWidget(self.form_kind)
        bar.addWidget(self.mark_button)
        bar.addStretch(1)
        bar.addWidget(self.current)
        bar.addSpacing(12)
        bar.addWidget(self.progress)

        right = QWidget()
        rl = QVBoxLayout(right)
        self.marker = LayoutMarker(ctx, self.viewer)
        rl.addWidget(self.marker)
        rl.addWidget(self.batch_panel, 1)  # its list of the batch's cards takes the height the rest leaves
        rl.addWidget(self.form)
        rl.addWidget(self.duplicates)
        rl.addWidget(self.save_button)
        # The answer to the last save and, after a merge, its undo on the same line: at 1280×800 the column
        # (batch, form, 查重) must fit without the window growing past the screen.
        answer = QHBoxLayout()
        answer.addWidget(self.status, 1)
        answer.addWidget(self.unmerge_button)
        rl.addLayout(answer)
        rl.addStretch(0)  # for a role without batches (no panel): the form stays at the top
        # The column scrolls instead of growing the window past the screen (batch, form and the 查重 choices
        # together are taller than 1280×800 leaves), and follows the keyboard focus down and up.
        self.column = QScrollArea(objectName="intakeColumn")
        self.column.setWidget(right)
        self.column.setWidgetResizable(True)
        self.column.setFrameShape(QFrame.Shape.NoFrame)
        self.column.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        QApplication.instance().focusChanged.connect(self._follow_focus)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.viewer)
        split.addWidget(self.column)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(split, 1)

        ctx.bus.changed.connect(self.on_changed)
        self.form.lookupWanted.connect(self.on_lookup)
        self.duplicates.decided.connect(self.on_decided)
        self.duplicates.dismissed.connect(self.focus_name)
        self.form.escaped.connect(self.help.hide)
        self.save_button.clicked.connect(self.on_save)
        self.batch_panel.batchChanged.connect(self.on_batch_changed)
        self.on_batch_changed(self.batch_panel.batch)
        self.prefill.ready.connect(self.on_reading)
        self.prefill.unavailable.connect(self.status.setText)
        self.marker.saved.connect(self.on_layout_saved)
        self.marker.closed.connect(self.focus_name)
        self.fill_form_kinds(QSettings().value(FORM_KIND_KEY, "", type=str))
        self.prefill.set_layout(self.form_kind.currentData() or None)
        self.form_kind.currentIndexChanged.connect(self.on_form_kind)
        for widget in field_widgets(self.form).values():
            widget.installEventFilter(self)
        shortcuts = (
            ("F1", self.help.toggle),
            ("Ctrl+O", self.on_open_folder),
            ("Ctrl+Shift+O", self.on_open_file),
            ("PgDown", self.on_next),
            ("PgUp", self.on_previous),
            ("Ctrl++", self.viewer.zoom_in),
            ("Ctrl+=", self.viewer.zoom_in),
            ("Ctrl+-", self.viewer.zoom_out),
            ("Ctrl+0", self.viewer.fit),
            ("Ctrl+I", self.on_import),
            ("Ctrl+Shift+Del", self.on_clear),
        )
        for keys, slot in shortcuts:
            sc = QShortcut(QKeySequence(keys), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(slot)
        self.viewer.show_message(self.tr("按 Ctrl+O 打开扫描件文件夹,或 Ctrl+Shift+O 打开 PDF / 图片。"))
        self.update_progress()
        self.form.name.setFocus()

    @Slot(object)
    def on_changed(self, change: Change) -> None:
        if "org" in change.kinds:  # a staff member joined or left: the lists follow
            self.staff = self.ctx.services.org.staff()
            self.form.set_staff(self.staff)

    @Slot(object)
    def on_batch_changed(self, batch) -> None:
        """Forms of a batch name no staff member and take the batch's channel; others name both."""
        in_batch = batch is not None
        if in_batch:
            channel = self.ctx.services.allocation.intake_channel(batch.id)
            self.form.channel.setCurrentIndex(max(self.form.channel.findData(channel), 0))
            self.form.staff.setCurrentIndex(0)
            self.form.batch.setText(batch.name)
        elif not self.form.batch.isEnabled():
            self.form.batch.clear()  # the event name belonged to the batch just left
        for widget in (self.form.channel, self.form.staff, self.form.batch):
            widget.setEnabled(not in_batch)
        if in_batch:
            # Picking a batch brings back its scans (the pages already typed stay out): the folder this PC
            # opened for it, else the batch's folder in the scans inbox (待录入扫描件/<批次名>/).
            path = QSettings().value(f"intake/batchScans/{batch.id}", "")
            if not path or not Path(path).exists():  # else the batch's scans waiting in the office's inbox
                path = str(self.ctx.services.scans.inbox_folder(batch.name) or "")
            if path and path != self.queue_path and Path(path).exists():
                self.open_queue(path)

    @Slot(object, object)
    def _follow_focus(self, _old, new) -> None:
        if new is not None and self.column.widget().isAncestorOf(new):
            self.column.ensureWidgetVisible(new, 0, 8)

    # -- the queue ---------------------------------------------------------------------------

    def open_queue(self, path: str) -> bool:
        """Open a folder or a file as the queue; False (with a message) when nothing can be opened."""
        try:
            queue = self.ctx.services.scans.open_queue(path)
        except ServiceError as exc:
            show_error(self, exc)
            return False
        self.queue, self.items, self.index = queue, list(queue.items), 0
        self.queue_path = path
        self.entered = queue.total_pages - len(queue.items)
        batch_id = self.batch_panel.batch_id()
        if batch_id is not None:  # this PC remembers which scans belong to the batch
            QSettings().setValue(f"intake/batchScans/{batch_id}", path)
        if queue.problems:
            lines = "\n".join(f"{name}:{reason}" for name, reason in queue.problems[:10])
            self.status.setText(self.tr("以下文件无法读取,已跳过:") + "\n" + lines)
        self.show_current()
        return True

    def current_item(self) -> QueueItem | None:
        return self.items[self.index] if 0 <= self.index < len(self.items) else None

    def show_current(self) -> None:
        item = self.current_item()
        if item is None:
            done = self.queue is not None
            self.viewer.show_message(self.tr("这一批扫描件都已录入。") if done else "")
            self.current.setText("")
        else:
            self.viewer.show_scan(item.path, item.page, item.kind)
            self.current.setText(item.name)
        self.marker.redraw()  # a layout being marked stays drawn on the next page
        self.update_progress()
        self.form.name.setFocus()
        self._forget_reading()
        if not self.read_scans.isChecked():
            return
        self.prefill.want(item, self.items[self.index + 1 :] + self.items[: self.index])
        if item is not None and page_key(item) in self.prefill.readings:
            self.on_reading(page_key(item), self.prefill.readings[page_key(item)])

    # -- pre-fill from the scan (OCR) ----------------------------------------------------------------

    @Slot(object, object)
    def on_reading(self, key, reading) -> None:
        """The shown page has been read: fill what the clerk has not typed and check it for duplicates."""
        item = self.current_item()
        if item is None or page_key(item) != key:
            return  # a page read ahead: kept until it is shown
        self._prefilled = apply_reading(self.form, reading)
        self._unchecked = {w for w, (found, _size) in self._prefilled.items() if found.confidence < SURE}
        if not reading.fields and reading.lines and self.prefill.layout is None:
            # Text but no known labels: a form kind of the office's own, whose layout can be marked.
            self.status.setText(
                self.tr("识别:") + reading.note + self.tr("如果这是本店自己的表格,可点“标注版式…”标出各栏的位置。")
            )
        elif reading.note:
            self.status.setText(self.tr("识别:") + reading.note)
        elif self._prefilled:
            self.status.setText(
                self.tr("已按扫描件预填 %1 项,请核对后按 Enter 保存。").replace("%1", str(len(self._prefilled)))
            )
        if self._prefilled:
            self.on_lookup()
            focused = QApplication.focusWidget()
            if focused in self._prefilled:
                self._outline(focused)

    @Slot(bool)
    def on_read_scans(self, on: bool) -> None:
        QSettings().setValue(READ_SCANS_KEY, on)
        if on:
            item = self.current_item()
            self.prefill.want(item, self.items[self.index + 1 :] + self.items[: self.index])
        else:
            self.prefill.stop()

    # -- the office's own form layouts ---------------------------------------------------------------

    def fill_form_kinds(self, current: str) -> None:
        """List the saved form kinds (first: no layout, fields found by their labels) and choose ``current``."""
        kinds = sorted(self.ctx.services.form_reader.layouts())
        self.form_kind.blockSignals(True)
        self.form_kind.clear()
        self.form_kind.addItem(self.tr("按栏目名称"), "")
        for kind in kinds:
            self.form_kind.addItem(kind, kind)
        self.form_kind.setCurrentIndex(max(self.form_kind.findData(current), 0))
        self.form_kind.blockSignals(False)

    @Slot()
    def on_form_kind(self) -> None:
        """Another form kind: the shown page and the next ones are read again through its layout."""
        kind = self.form_kind.currentData() or ""
        QSettings().setValue(FORM_KIND_KEY, kind)
        self.prefill.set_layout(kind or None)
        self._forget_reading()
        if self.read_scans.isChecked():
            self.prefill.want(self.current_item(), self.items[self.index + 1 :] + self.items[: self.index])

    @Slot()
    def on_mark_layout(self) -> None:
        """Mark where each field sits on the shown scan (the chosen kind's boxes, to correct, or none)."""
        if not self.viewer.has_page():
            self.status.setText(self.tr("先打开一张这种表格的扫描件,再在上面标注版式。"))
            return
        kind = self.form_kind.currentData() or ""
        self.marker.start(kind, self.ctx.services.form_reader.layouts().get(kind) if kind else None)

    @Slot(str)
    def on_layout_saved(self, kind: str) -> None:
        self.fill_form_kinds(kind)
        self.on_form_kind()
        self.status.setText(
            self.tr("版式“%1”已保存:这一张和之后的扫描件按它识别。").replace("%1", kind)
            if self.read_scans.isChecked()
            else self.tr("版式“%1”已保存。").replace("%1", kind)
        )

    def _forget_reading(self, take_back: bool = True) -> None:
        withdraw(self._prefilled, take_back)
        self._prefilled, self._unchecked = {}, set()
        self.viewer.clear_outline()

    def _outline(self, widget) -> None:
        found, size = self._prefilled[widget]
        self.viewer.outline(found.box, size)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.FocusIn and watched in self._prefilled:
            self._outline(watched)
            self._unchecked.discard(watched)
        elif event.type() == QEvent.Type.FocusOut and watched in self._prefilled:
            self.viewer.clear_outline()
        return super().eventFilter(watched, event)

    def update_progress(self) -> None:
        total = self.queue.total_pages if self.queue else 0
        self.progress.setText(self.tr("已录入 %1 / %2").replace("%1", str(self.entered)).replace("%2", str(total)))

    @Slot()
    def on_next(self) -> None:
        if self.items:
            self.index = (self.index + 1) % len(self.items)
            self.show_current()

    @Slot()
    def on_previous(self) -> None:
        if self.items:
            self.index = (self.index - 1) % len(self.items)
            self.show_current()

    @Slot()
    def on_open_folder(self) -> None:
        path = files.ask_folder(self, "scans", self.tr("打开扫描件文件夹"))
        if path:
            self.open_queue(path)

    @Slot()
    def on_open_file(self) -> None:
        path = files.ask_open(
            self, "scans", self.tr("打开扫描件"), self.tr("扫描件 (*.pdf *.png *.jpg *.jpeg *.tif *.tiff *.bmp)")
        )
        if path:
            self.open_queue(path)

    # -- checking and saving ---------------------------------------------------------------------

    @Slot()
    def on_lookup(self) -> None:
        try:
            found = self.ctx.services.intake.candidates(self.ctx.actor, self.form.value())
        except ServiceError:
            return  # half-typed input: the save reports it properly
        self.duplicates.set_candidates(found)
        if found:  # once the column has laid the grown list out
            QTimer.singleShot(0, self._show_candidates)

    def _show_candidates(self) -> None:
        """Bring the 查重 choices into the column's view without losing the field being typed: scroll
        down to them, then back only as far as the focused field needs (when both cannot fit, the
        field stays at the top and the choices fill the rest)."""
        if not self.duplicates.isVisible():
            return
        self.column.ensureWidgetVisible(self.duplicates, 0, 8)
        focused = QApplication.focusWidget()
        if focused is not None and self.column.widget().isAncestorOf(focused):
            self.column.ensureWidgetVisible(focused, 0, 8)

    @Slot()
    def on_save(self) -> None:
        self.save(None)

    @Slot(object)
    def on_decided(self, decision: Decision) -> None:
        self.save(decision)

    def save(self, decision: Decision | None) -> bool:
        if self.marker.isVisible():  # Enter while marking a layout never saves the card behind it
            self.status.setText(self.tr("正在标注版式:先保存版式或取消。"))
            return False
        unchecked = [w for w in field_widgets(self.form).values() if w in self._unchecked]
        if unchecked:  # nothing the engine was unsure of is saved unseen
            unchecked[0].setFocus()
            self.status.setText(self.tr("标黄的栏目是识别不确定的,请核对后再按 Enter。"))
            return False
        item = self.current_item()
        scan = (item.path, item.page) if item else None
        value = self.form.value()
        batch_id = self.batch_panel.batch_id()
        if batch_id is not None:
            value = replace(value, batch_id=batch_id, collected_by=self.batch_panel.collected_by(), staff_id=None)
        try:
            result = self.ctx.services.intake.save_card(self.ctx.actor, value, decision=decision, scan_file=scan)
        except NeedsDecision as exc:
            self.duplicates.set_candidates(exc.candidates)
            self.form.error.setText(exc.message)
            self.duplicates.take_focus()  # no choice is the default: 1 / 2 / 3 decide
            QTimer.singleShot(0, self._show_candidates)  # the focus moved before the list was laid out
            return False
        except ValidationError as exc:
            self.form.show_field_error(exc.field, exc.message)
            return False
        except ServiceError as exc:
            show_error(self, exc)
            return False
        self.ctx.announce(Change(frozenset({"customer", "ownership"}), (result.customer_id,), source=self))
        verdict = result.recorded.verdict if result.recorded else None
        owner = self.ctx.services.org.get_staff(verdict.owner).name if verdict and verdict.owner_is_staff else ""
        text = self.tr("已保存:档案 %1") if result.created else self.tr("已合并到档案 %1")
        text = text.replace("%1", str(result.customer_id))
        if owner:
            text += self.tr(",归属 %1").replace("%1", owner)
        if result.batch_standing == "owned":
            # a merge into a card someone owns (also with a lapsed claim): processing leaves it out
            text += self.tr(",已加入批次:已归 %1 所有,处理时列为已有归属,不再分配").replace("%1", result.batch_owner)
        elif result.batch_standing == "pool":
            text += self.tr(",已加入批次:顾客在公司资源池,处理时列出,不再分配")
        elif result.batch_id is not None:
            text += self.tr(",已加入批次(未登记,归属由分配决定)")
        if result.batch_id is not None:
            self.batch_panel.refresh_cards()
        self.status.setText(text)
        self.merged_into = None if result.created else result.customer_id
        self.unmerge_button.setVisible(self.merged_into is not None)
        self.duplicates.set_candidates([])
        self._forget_reading(take_back=False)  # saved: the form clears itself as after any card
        self.form.clear_card()
        if item is not None:
            self.items.pop(self.index)
            self.entered += 1
            if self.index >= len(self.items):
                self.index = 0
        self.show_current()
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.on_save()
            return
        if key == Qt.Key.Key_Escape:
            self.help.hide()  # Esc in a field is the field's own (ui.intake.form); it never empties the form
            if self.marker.isVisible():
                self.marker.cancel()
            return
        super().keyPressEvent(event)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        QTimer.singleShot(0, self.focus_name)  # after the tab widget has moved its own focus

    @Slot()
    def focus_name(self) -> None:
        if self.isVisible():
            self.form.name.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot()
    def on_unmerge(self) -> None:
        """拆分 the merge just made: the form becomes a card of its own (asks first)."""
        if self.merged_into is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("拆分"),
            self.tr("把刚才合并到档案 %1 的表拆出来,新建为另一个人?").replace("%1", str(self.merged_into)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            done = self.ctx.services.intake.unmerge(self.ctx.actor, self.merged_into)
        except ServiceError as exc:
            show_error(self, exc)
            return
        new_id = done.customer_id
        kinds = {"customer", "ownership"} | ({"batch"} if done.batch_id is not None else set())
        # the batch panel reads its cards again on a "batch" change
        self.ctx.announce(Change(frozenset(kinds), (self.merged_into, new_id), source=self))
        text = self.tr("已拆分:档案 %1 恢复原样,表格另建为档案 %2。")
        if done.batch_id is not None and done.left_batch:
            text += self.tr("批次里换成档案 %2,档案 %1 已移出批次。")
        elif done.batch_id is not None:
            text += self.tr("档案 %2 也加入了批次;档案 %1 合并前就在批次里,仍留在批次中。")
        self.status.setText(text.replace("%1", str(self.merged_into)).replace("%2", str(new_id)))
        self.merged_into = None
        self.unmerge_button.hide()
        self.focus_name()

    @Slot()
    def on_clear(self) -> None:
        """清空表单: asks first when something is typed; Ctrl+Z in the empty form brings it back once."""
        if not self.form.is_blank():
            answer = QMessageBox.question(
                self,
                self.tr("清空表单"),
                self.tr("清空这张表上已填写的内容?清空后可按 Ctrl+Z 恢复。"),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                self.focus_name()
                return
        self.form.clear_form()
        self.duplicates.set_candidates([])
        self.status.setText(self.tr("表单已清空,按 Ctrl+Z 可恢复。"))

    # -- Excel ---------------------------------------------------------------------------------

    @Slot()
    def on_template(self) -> None:
        path = files.ask_save(
            self, "exports", self.tr("保存导入模板"), self.tr("顾客档案导入模板.xlsx"), "Excel (*.xlsx)", ".xlsx"
        )
        if not path:
            return
        try:
            write_template(path)
        except ServiceError as exc:
            show_error(self, exc)
            return
        self.status.setText(self.tr("模板已保存:%1").replace("%1", Path(path).name))
        files.announce_saved(self, path, self.tr("导入模板已保存到 %1").replace("%1", path), box=False)

    @Slot()
    def on_import(self) -> None:
        path = files.ask_open(self, "imports", self.tr("选择要导入的 Excel 文件"), "Excel (*.xlsx)")
        if path:
            self.open_preview(path)

    def open_preview(self, path: str) -> ImportPreviewDialog:
        """The preview of an import (nothing is written until its 开始导入)."""
        dialog = ImportPreviewDialog(self.ctx, path, self.staff, self)
        dialog.accepted.connect(lambda: self.importer.start(path, **dialog.options()))
        self.preview = dialog
        dialog.open()
        return dialog
