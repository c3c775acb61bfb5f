"""Resource paths for the UI: the one helper lives in services/resources.py (PDF fonts need it too)."""

from services.platform.resources import app_version, base_dir, resource_path

__all__ = ["app_version", "base_dir", "resource_path"]
