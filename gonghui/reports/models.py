"""Reports keeps no rows of its own for ledgers and binders: they are built from the modules' records
(registry.py) and handed out through core TaskProgress. The year-end summary and the assessment add
their models here."""
