"""The service container: one object per database session, handed to the UI and the command line."""

from __future__ import annotations

from models.db import current_info
from services.allocation.service import AllocationService
from services.callbacks.service import CallbackService
from services.cases.service import CaseService
from services.customers.service import CustomerService
from services.frontdesk.service import FrontDeskService
from services.intake.form_reader import FormReaderService
from services.intake.importer import ImportService
from services.intake.scans import ScanService, default_data_dir
from services.intake.service import IntakeService
from services.meetings.service import MeetingService
from services.office.access import AccessService
from services.office.audit_view import AuditViewService
from services.office.auth import AuthService
from services.office.org import OrgService
from services.office.settings import SettingsService
from services.platform.backup_admin import BackupAdminService, ServerBackupAdmin
from services.platform.clock import SystemClock
from services.timeline.ownership_view import OwnershipViewService
from services.timeline.service import TimelineService


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
        self.form_reader = FormReaderService(self)
        self.cases = CaseService(self)
        self.ownership = OwnershipViewService(self)
        self.access = AccessService(self)
        self.frontdesk = FrontDeskService(self)
        self.audit_view = AuditViewService(self)
        self.backup_admin = BackupAdminService(self)
        self.server_backup = ServerBackupAdmin(self)
