"""The stages a config goes through, in the order data flows.

load → extend → rules/validate → resolve → localize → render → pdf → write.
Each stage takes the previous one's result and returns a frozen value; none prints.
"""
