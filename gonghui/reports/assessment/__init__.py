"""The federation's assessment (考核): rubrics as data, rounds, self-assessment, review, results, 会员评家."""
