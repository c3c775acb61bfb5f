"""顾客档案: the card list tab (tab.py), its paged table model (model.py) and the card editor (editor.py)."""
