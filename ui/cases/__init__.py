"""The 冲突仲裁 tab: the case queue, a case with both sides' timelines, rulings and escalation."""
