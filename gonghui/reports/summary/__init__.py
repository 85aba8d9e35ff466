"""The year-end summary (年度工作总结): build.py drafts it from the registries, document.py writes the .docx."""
