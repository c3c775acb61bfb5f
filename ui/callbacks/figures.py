"""Monthly callback figures with a chart (QtCharts): completion and signature rates by staff member,
satisfaction, and the referral rate of old customers against the 20% target (seed 003)."""

from __future__ import annotations

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QValueAxis
from PySide6.QtCore import QDate, Qt, Slot
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from services.output import sheets
from services.platform.errors import ServiceError
from ui import files
from ui.context import UiContext
from ui.errors import show_error
from ui.widgets import fill_table, make_table
from ui.worker import run_in_pool

REFERRAL_TARGET = 0.20


class FiguresPage(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        today = ctx.services.clock.now().date()
        self.month = QDateEdit(QDate(today.year, today.month, 1), self)
        self.month.setDisplayFormat("yyyy-MM")
        self.month.setCalendarPopup(True)
        self.referral = QLabel(self)
        self.chart = QChart()
        self.chart.setTitle(self.tr("回访完成率与签字率"))
        self.chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.view = QChartView(self.chart, self)
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setMinimumHeight(260)
        self.table = make_table(
            [
                self.tr("部门"),
                self.tr("员工"),
                self.tr("应完成"),
                self.tr("按时"),
                self.tr("逾期完成"),
                self.tr("完成率"),
                self.tr("回访表"),
                self.tr("签字"),
                self.tr("签字率"),
                self.tr("满意度"),
            ],
            self,
        )
        self.export_button = QPushButton(self.tr("导出统计…"), self)
        self.assessment_button = QPushButton(self.tr("导出月度考核表…"), self)
        self.assessment_print = QPushButton(self.tr("打印月度考核表…"), self)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("月份"), self))
        top.addWidget(self.month)
        top.addWidget(self.referral, 1)
        top.addWidget(self.export_button)
        top.addWidget(self.assessment_button)
        top.addWidget(self.assessment_print)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 2)
        layout.addWidget(self.table, 1)
        self.month.dateChanged.connect(self.reload)
        self.export_button.clicked.connect(self.on_export)
        self.assessment_button.clicked.connect(self.on_assessment)
        self.assessment_print.clicked.connect(self.on_assessment_print)
        self.reload()

    def ym(self) -> tuple[int, int]:
        d = self.month.date()
        return d.year(), d.month()

    @Slot()
    def reload(self) -> None:
        year, month = self.ym()
        try:
            figs = self.ctx.services.callbacks.figures(self.ctx.actor, year, month)
            referring, old = self.ctx.services.callbacks.referral_rate(self.ctx.actor, year, month)
        except ServiceError as exc:
            show_error(self, exc)
            return
        rate = referring / old if old else 0.0
        colour = "#1e7b34" if rate >= REFERRAL_TARGET else "#c0392b"
        self.referral.setText(
            self.tr("本月老顾客转介率 <b style='color:%1'>%2</b>(%3 / %4 位老顾客,目标 20%)")
            .replace("%1", colour)
            .replace("%2", f"{rate:.0%}")
            .replace("%3", str(referring))
            .replace("%4", str(old))
        )
        shown = [f for f in figs if f.due or f.forms]
        completion = QBarSet(self.tr("完成率 %"))
        signature = QBarSet(self.tr("签字率 %"))
        for f in shown:
            completion.append(round(f.completion_rate * 100, 1))
            signature.append(round(f.signature_rate * 100, 1))
        series = QBarSeries()
        series.append(completion)
        series.append(signature)
        self.chart.removeAllSeries()
        for axis in self.chart.axes():
            self.chart.removeAxis(axis)
        self.chart.addSeries(series)
        categories = QBarCategoryAxis()
        categories.append([f.staff_name for f in shown] or [self.tr("(本月没有回访任务)")])
        values = QValueAxis()
        values.setRange(0, 100)
        values.setLabelFormat("%d")
        self.chart.addAxis(categories, Qt.AlignmentFlag.AlignBottom)
        self.chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(categories)
        series.attachAxis(values)
        fill_table(
            self.table,
            (
                (
                    f.staff_id,
                    (
                        f.department,
                        f.staff_name,
                        str(f.due),
                        str(f.done_on_time),
                        str(f.done_late),
                        f"{f.completion_rate:.0%}" if f.due else "—",
                        str(f.forms),
                        str(f.signed),
                        f"{f.signature_rate:.0%}" if f.forms else "—",
                        f"{f.satisfaction:.1f}" if f.satisfaction is not None else "",
                    ),
                )
                for f in figs
            ),
        )

    def _save(self, title: str, fn, *args) -> None:
        path = files.ask_save(self, "exports", title, f"{title}.xlsx", self.tr("Excel 文件 (*.xlsx)"), ".xlsx")
        if not path:
            return
        run_in_pool(
            fn,
            self.ctx.services,
            self.ctx.actor,
            *args,
            path,
            on_done=lambda n: files.announce_saved(self, path, self.tr("已导出到 %1").replace("%1", path)),
            on_error=lambda exc: show_error(self, exc),
        )

    @Slot()
    def on_export(self) -> None:
        year, month = self.ym()
        self._save(
            self.tr("%1年%2月回访统计").replace("%1", str(year)).replace("%2", str(month)),
            sheets.export_callback_statistics,
            year,
            month,
        )

    @Slot()
    def on_assessment(self) -> None:
        year, month = self.ym()
        self._save(
            self.tr("%1年%2月考核表").replace("%1", str(year)).replace("%2", str(month)),
            sheets.export_assessment,
            year,
            month,
        )

    @Slot()
    def on_assessment_print(self) -> None:
        """The same assessment on A4, through the print preview (built off the GUI thread)."""
        from ui.print_preview import preview_pdf

        year, month = self.ym()
        app, actor = self.ctx.services, self.ctx.actor
        preview_pdf(
            self,
            lambda path, progress=None, cancelled=None: sheets.print_assessment(app, actor, year, month, path),
            self.tr("%1年%2月考核表").replace("%1", str(year)).replace("%2", str(month)),
        )
