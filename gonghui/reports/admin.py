"""Nothing of reports' own to administer yet: ledgers and binders are built from other apps' records."""
