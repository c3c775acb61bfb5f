"""The 设置 tab (admin): departments and staff, users, rule parameters and backups."""
