"""Risk rules (SPEC section 5): pure functions from facts, `today`/`now` and thresholds to findings.

facts: what the rules read; thresholds: the limits they apply; findings: what they write;
project_rules and money_rules: the rules; evaluation: all of them over a book's facts.
"""
