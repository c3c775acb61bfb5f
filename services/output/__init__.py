"""Output shared by every domain: Excel exports, PDF building (reportlab, Chinese fonts, grids) and
the printed sheets (回访表, visit sheets, assessments). No service class: each domain calls these
functions; reportlab and openpyxl load only when a file is written."""
