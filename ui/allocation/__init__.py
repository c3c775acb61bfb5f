"""档案分配 tab: event batches (create, add cards, CRM processing, preview, swap, confirm, allocation
sheet) and the 公司资源池 page (pool list with reason and since, even redistribution, one-by-one).

Every action is one call of services.allocation.service; the UI never reaches the database itself.
"""
