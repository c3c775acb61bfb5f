"""The desktop interface (PySide6). Talks only to services/; see ui/context.py for what widgets receive."""

from ui.pyside_workarounds import protect_true_from_emit

protect_true_from_emit()
