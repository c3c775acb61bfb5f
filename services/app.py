"""The service container: one object per database session, handed to the UI and the command line."""

from __future__ import annotations

from models.db import current_info
from services.access import AccessService
from services.allocation import AllocationService
from services.audit_view import AuditViewService
from services.auth import AuthService
from services.backup_admin import BackupAdminService
from services.callbacks import CallbackService
from services.cases import CaseService
from services.clock import SystemClock
from services.customers import CustomerService
from services.frontdesk import FrontDeskService
from services.importer import ImportService
from services.intake import IntakeService
from services.meetings import MeetingService
from services.org import OrgService
from services.ownership_view import OwnershipViewService
from services.scans import ScanService, default_data_dir
from services.settings import SettingsService
from services.timeline import TimelineService


class Services:
    """Every service of the office, sharing one clock. The database must be bound (models.init_db)."""

    def __init__(self, clock=None):
        self.clock = clock or SystemClock()
        self.settings = SettingsService(self)
        self.auth = AuthService(self)
        self.org = OrgService(self)
        self.customers = CustomerService(self)
        self.meetings = MeetingService(self)
        self.timeline = TimelineService(self)
        self.callbacks = CallbackService(self)
        self.allocation = AllocationService(self)
        info = current_info()
        # Scans and other files live here; a folder beside the SQLite file by default.
        self.data_dir = default_data_dir(info.location if info else None)
        self.scans = ScanService(self)
        self.intake = IntakeService(self)
        self.importer = ImportService(self)
        self.cases = CaseService(self)
        self.ownership = OwnershipViewService(self)
        self.access = AccessService(self)
        self.frontdesk = FrontDeskService(self)
        self.audit_view = AuditViewService(self)
        self.backup_admin = BackupAdminService(self)
