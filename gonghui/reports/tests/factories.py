"""Factories of reports' org-owned models (the authorization test builds one of each with `org=`).

Reports has no org-owned model of its own yet; the summary and the assessment add theirs here."""
