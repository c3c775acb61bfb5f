"""Intake (录入): typing cards from scanned forms, the scan store, the Excel import and its template."""

from services._exports import lazy

__all__ = ["ImportService", "IntakeService", "ScanService"]
__getattr__ = lazy(__name__, {"ImportService": "importer", "ScanService": "scans", "IntakeService": "service"})
