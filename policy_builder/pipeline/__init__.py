"""The stages a config goes through, in the order data flows.

load (read: safe_yaml → source_map; extend) → validate (rules, drawable) → resolve
(review) → localize → render → pdf → write.
Each stage takes the previous one's result and returns a frozen value; none prints.
"""
