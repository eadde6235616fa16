"""Comparing two versions of a policy: semantic changes, redline, version bump."""
