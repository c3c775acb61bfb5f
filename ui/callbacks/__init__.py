"""回访跟踪 tab: duties, follow-up lists, figures, 代签 review."""
