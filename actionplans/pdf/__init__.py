"""The verbeteragenda PDF: its contents, the WeasyPrint rendering, the task's service."""
