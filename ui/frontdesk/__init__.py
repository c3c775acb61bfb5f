"""The front desk (前台): masked ownership lookup, store visits and meeting check-in.

`FrontDeskTab` is the tab of the main window; `FrontDeskWindow` is the kiosk (`main.py --front-desk`
and the landing of the front-desk role): large type, keyboard only, nothing else reachable.
Both wrap the same `FrontDeskPanel`.
"""

from ui.frontdesk.panel import FrontDeskPanel
from ui.frontdesk.tab import FrontDeskTab
from ui.frontdesk.window import FrontDeskWindow

__all__ = ["FrontDeskPanel", "FrontDeskTab", "FrontDeskWindow"]
