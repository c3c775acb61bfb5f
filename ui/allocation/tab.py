"""The 档案分配 tab: the batches page for everyone who may see batches, the 公司资源池 page for
those who may reassign (managers, the resource director, the GM, the administrator)."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from services.allocation.types import DISTRIBUTE_ROLES
from ui.allocation.batches_page import BatchesPage
from ui.allocation.pool_page import PoolPage
from ui.context import Change, UiContext
from ui.tabs import LANDING


class AllocationTab(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.pages = QTabWidget()
        self.pages.setDocumentMode(True)
        self.batches = BatchesPage(ctx, self)
        self.pages.addTab(self.batches, self.tr("分配批次"))
        self.pool: PoolPage | None = None
        if ctx.actor.role in DISTRIBUTE_ROLES:
            self.pool = PoolPage(ctx, self)
            self.pages.addTab(self.pool, self.tr("公司资源池"))
            if LANDING.get(ctx.actor.role) == "allocation":
                self.pages.setCurrentWidget(self.pool)  # the resource director's day starts at the pool
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        ctx.bus.changed.connect(self.on_changed)

    @Slot(object)
    def on_changed(self, change: Change) -> None:
        # Someone else's action (a resignation, a ruling) may have filled the pool or changed a batch.
        if change.source is self.batches:
            return
        if change.source is self.pool and self.pool is not None:
            if "batch" in change.kinds:
                self.batches.reload()  # a hand-out from the pool is a new small batch
            return
        if "batch" in change.kinds:
            self.batches.reload()
        if self.pool is not None and ({"ownership", "org"} & change.kinds):
            self.pool.reload()
